import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import { bearerMatches } from './bearer.js';
import type { HttpDeps } from './deps.js';

/** Where the boards live: the read-only one for everyone who may read, the one that acts behind the token. */
export const QUEUES_PATH = '/queues';
export const QUEUES_ADMIN_PATH = '/queues/admin';

async function mountBoard(app: FastifyInstance, deps: HttpDeps, path: string, readOnlyMode: boolean): Promise<void> {
  const queue = deps.queue;
  if (!queue) return;
  const adapter = new FastifyAdapter();
  adapter.setBasePath(path);
  createBullBoard({
    queues: [new BullMQAdapter(queue, { readOnlyMode })],
    // @bull-board/fastify brings its own copy of @bull-board/api's types (a patch version apart): the same shape.
    serverAdapter: adapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    options: { uiConfig: { boardTitle: readOnlyMode ? 'simian queues (read-only)' : 'simian queues' } },
  });
  await app.register(
    async (board) => {
      // Even its pages need the token: this board's buttons retry, promote, clean and remove jobs.
      if (!readOnlyMode) {
        board.addHook('onRequest', async (request, reply) => {
          if (bearerMatches(request.headers.authorization, deps.config().global.http.token)) return;
          return reply.code(401).send({ error: `a bearer token (http.token) is required for ${QUEUES_ADMIN_PATH}` });
        });
      }
      await board.register(adapter.registerPlugin());
    },
    { prefix: path },
  );
}

/**
 * bull-board over the fleet queue: `/queues` read-only (no retry, clean or remove: its API refuses them with 405),
 * `/queues/admin` with every action, behind the bearer token (the server's gate also stops any write without it).
 */
export async function registerQueueBoard(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  await mountBoard(app, deps, QUEUES_ADMIN_PATH, false);
  await mountBoard(app, deps, QUEUES_PATH, true);
}
