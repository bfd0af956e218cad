import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from './deps.js';
import { BadRequest } from './errors.js';
import { documented } from './openapi.js';

const REVERT_ID = /^rv-[0-9a-f]{24}$/;

/**
 * `POST /api/v1/reverts/:id/run` (token required): applies one open revert now, before its deadline, as
 * `simian revert --run rv-…` does. Idempotent: a revert already applied answers 200 with status `noop`.
 */
export function registerRevertRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const reverts = deps.reverts;
  if (!reverts) return;
  app.post<{ Params: { id: string } }>(
    '/api/v1/reverts/:id/run',
    documented({
      summary: 'Apply one open revert now (idempotent: an applied one answers noop)',
      tag: 'safety',
      access: 'token',
      responses: {
        200: '{ id, status, detail }',
        400: 'not a revert id',
        404: 'no such revert',
        502: 'the revert failed',
      },
    }),
    async (request, reply) => {
      const { id } = request.params;
      if (!REVERT_ID.test(id)) throw new BadRequest(`id "${id.slice(0, 40)}" is not a revert id (rv-…)`);
      if (!(await reverts.get(id))) return reply.code(404).send({ error: `no revert ${id}` });
      const result = await reverts.run(id);
      return reply.code(result.status === 'failed' ? 502 : 200).send({ id, ...result });
    },
  );
}
