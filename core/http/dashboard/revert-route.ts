import type { FastifyInstance } from 'fastify';
import { applyRevert } from '../../actuator/revert-apply.js';
import { bearerMatches } from '../bearer.js';
import { type DashboardContext, tokenOf } from './deps.js';
import { revertRegistryOf } from './reverts-view.js';

/**
 * `POST /api/v1/revert/:id`: applies one open revert now, before its deadline (the dashboard's "revert now"), bearer
 * token required. Reverts restore the normal state, so they run whatever the kill switch says, as `simian revert`.
 * 401 without the token, 404 for an unknown id, 200 with the result (done, already, noop), 502 when it failed.
 */
export function registerRevertRoute(app: FastifyInstance, context: DashboardContext): void {
  app.post<{ Params: { id: string } }>('/api/v1/revert/:id', async (request, reply) => {
    if (!bearerMatches(request.headers.authorization, tokenOf(context))) {
      return reply.code(401).send({ error: 'a bearer token (http.token) is required to revert' });
    }
    const registry = revertRegistryOf(context);
    if (!(await registry.get(request.params.id))) {
      return reply.code(404).send({ error: `no revert with id ${request.params.id}` });
    }
    const result = await applyRevert(request.params.id, { ...context, registry });
    return reply.code(result.status === 'failed' ? 502 : 200).send(result);
  });
}
