import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { HttpDeps } from './deps.js';
import { parseWith } from './errors.js';
import { documented } from './openapi.js';

const switchBody = z.strictObject({
  state: z.enum(['on', 'off'], {
    error: (issue) =>
      issue.input === undefined ? 'state is required (on or off)' : `state "${String(issue.input)}" is not on or off`,
  }),
  reason: z.string().min(1).max(1024),
  /** Who is changing it; recorded with the change (default "http"). */
  who: z.string().min(1).max(256).optional(),
});

/**
 * `GET /api/v1/killswitch` (its state) and `POST /api/v1/killswitch` `{ state: on|off, reason, who? }` (token
 * required): the same Redis key `simian killswitch` sets, checked by every worker right before each action.
 */
export function registerKillSwitchRoutes(app: FastifyInstance, deps: HttpDeps): void {
  app.get(
    '/api/v1/killswitch',
    documented({
      summary: 'The kill switch: on or off, since when, who, why',
      tag: 'safety',
      access: 'read',
      responses: { 200: 'its state', 503: 'Redis is out of reach' },
    }),
    async () => deps.killSwitch.status(),
  );
  app.post(
    '/api/v1/killswitch',
    documented({
      summary: 'Turn the kill switch on or off (every worker checks it right before each action)',
      tag: 'safety',
      access: 'token',
      body: switchBody,
      responses: { 200: 'its new state', 400: 'a bad body, naming the field' },
    }),
    async (request) => {
      const body = parseWith(switchBody, request.body);
      return deps.killSwitch.set(body.state === 'on', body.who ?? 'http', body.reason);
    },
  );
}
