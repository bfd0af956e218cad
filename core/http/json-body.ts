import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, SEND_JSON } from './errors.js';

/** Deeper than any body simian reads (events, alerts, switches are a level or two): refused before it is parsed. */
export const MAX_BODY_DEPTH = 32;

/** How deeply `text` nests arrays and objects, counting no further than `stop` (strings are skipped). */
export function nestingDepth(text: string, stop = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index++; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      depth++;
      deepest = Math.max(deepest, depth);
      if (deepest > stop) return deepest;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return deepest;
}

class UnsupportedMediaType extends Error {
  readonly statusCode = 415;
  constructor(contentType: string) {
    super(`a body of type ${contentType.slice(0, 80)} is not read: ${SEND_JSON}`);
  }
}

/**
 * Bodies are JSON, whatever a client says they are when it says nothing more precise: `application/json`, no
 * Content-Type at all (Python's requests.post(data=...)), or `application/x-www-form-urlencoded` (what `curl -d`
 * sends) are all parsed as JSON, the raw text as sent. Any other type is 415 naming the header. A body nested
 * deeper than MAX_BODY_DEPTH is 400 before it is parsed, so nothing past the parser (schemas, Redis) sees it.
 */
export function registerJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  const json = (request: FastifyRequest, body: string, done: (error: Error | null, body?: unknown) => void) => {
    if (nestingDepth(body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
      done(new BadRequest(`the body nests deeper than ${MAX_BODY_DEPTH} levels`), undefined);
      return;
    }
    parse(request, body, done);
  };
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded'], { parseAs: 'string' }, json);
  // The catch-all: reached with no Content-Type (read as JSON) or one no parser above takes (refused).
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    const type = request.headers['content-type'];
    if (type === undefined || type.trim() === '') json(request, body as string, done);
    else done(new UnsupportedMediaType(type), undefined);
  });
}
