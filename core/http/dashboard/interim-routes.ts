import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { type ChronosParams, chronosQuery } from '../../events/chronos-query.js';
import { describeIssues } from '../../run/params.js';
import { bearerMatches } from '../bearer.js';
import { type DashboardContext, tokenOf } from './deps.js';
import { killSwitchOf } from './killswitch-view.js';

const killSwitchBody = z.strictObject({
  on: z.boolean(),
  reason: z.string().trim().min(1, 'reason is required: say why'),
  who: z.string().trim().min(1).max(200).optional(),
});

/**
 * Stand-ins for two routes of the HTTP service that the page calls, registered only when the server does not serve
 * them already: `GET /api/v1/event` (Chronos query) and `POST /api/v1/killswitch` (`{ on, reason, who? }`, bearer
 * token). Once the service's own routes are in, this file goes.
 */
export function registerInterimRoutes(app: FastifyInstance, context: DashboardContext): void {
  if (!app.hasRoute({ method: 'GET', url: '/api/v1/event' })) {
    app.get<{ Querystring: ChronosParams }>('/api/v1/event', async (request, reply) => {
      try {
        return await chronosQuery(context.events, request.query);
      } catch (error) {
        if (error instanceof InputError) return reply.code(400).send({ error: error.message });
        throw error;
      }
    });
  }
  if (!app.hasRoute({ method: 'POST', url: '/api/v1/killswitch' })) {
    app.post('/api/v1/killswitch', { bodyLimit: 16 * 1024 }, async (request, reply) => {
      if (!bearerMatches(request.headers.authorization, tokenOf(context))) {
        return reply.code(401).send({ error: 'a bearer token (http.token) is required to change the kill switch' });
      }
      const body = killSwitchBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send({ error: describeIssues(body.error.issues) });
      const { on, reason, who } = body.data;
      return killSwitchOf(context).set(on, who ?? 'dashboard', reason);
    });
  }
}
