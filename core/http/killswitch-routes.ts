import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { HttpDeps } from './deps.js';
import { parseWith } from './errors.js';

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
  app.get('/api/v1/killswitch', async () => deps.killSwitch.status());
  app.post('/api/v1/killswitch', async (request) => {
    const body = parseWith(switchBody, request.body);
    return deps.killSwitch.set(body.state === 'on', body.who ?? 'http', body.reason);
  });
}
