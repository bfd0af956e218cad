import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The dashboard's built files (scripts/build-dashboard.mjs writes them at install), by the URL they are served at. */
const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/dashboard/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/**
 * Applied unless the server already sets one: the page runs no inline script or style, so it needs nothing looser
 * (preact and uPlot set styles through the DOM, which a CSP does not block).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** dist/dashboard of the installed package: the nearest directory above this file that holds package.json. */
export function dashboardAssetsDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return join(from, 'dashboard');
    dir = parent;
  }
  return join(dir, 'dist', 'dashboard');
}

function hasHeader(reply: FastifyReply, name: string): boolean {
  return reply.getHeader(name) !== undefined || reply.raw.getHeader(name) !== undefined;
}

/** GET / (the page) and its two bundles, read once from disk; 503 naming the fix when they were never built. */
export function registerPage(app: FastifyInstance, dir: string = dashboardAssetsDir()): void {
  const cache = new Map<string, Buffer>();
  for (const [url, asset] of Object.entries(ASSETS)) {
    app.get(url, async (_request, reply) => {
      let body = cache.get(url);
      if (!body) {
        const path = join(dir, asset.file);
        if (!existsSync(path)) {
          return reply
            .code(503)
            .type('text/plain; charset=utf-8')
            .send(`the dashboard is not built (${path} is missing): run npm run build`);
        }
        body = readFileSync(path);
        cache.set(url, body);
      }
      if (!hasHeader(reply, 'content-security-policy')) reply.header('content-security-policy', CSP);
      return reply
        .type(asset.type)
        .header('cache-control', url === '/' ? 'no-cache' : 'public, max-age=300')
        .send(body);
    });
  }
}
