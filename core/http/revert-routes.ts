import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from './deps.js';
import { BadRequest } from './errors.js';

const REVERT_ID = /^rv-[0-9a-f]{24}$/;

/**
 * `POST /api/v1/reverts/:id/run` (token required): applies one open revert now, before its deadline, as
 * `simian revert --run rv-…` does. Idempotent: a revert already applied answers 200 with status `noop`.
 */
export function registerRevertRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const reverts = deps.reverts;
  if (!reverts) return;
  app.post<{ Params: { id: string } }>('/api/v1/reverts/:id/run', async (request, reply) => {
    const { id } = request.params;
    if (!REVERT_ID.test(id)) throw new BadRequest(`id "${id.slice(0, 40)}" is not a revert id (rv-…)`);
    if (!(await reverts.get(id))) return reply.code(404).send({ error: `no revert ${id}` });
    const result = await reverts.run(id);
    return reply.code(result.status === 'failed' ? 502 : 200).send({ id, ...result });
  });
}
