import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { jobId } from '../queue/job-id.js';
import { JOB_NAMES } from '../queue/jobs.js';
import type { HttpDeps } from './deps.js';
import { BadRequest, parseWith } from './errors.js';
import { documented } from './openapi.js';

const runBody = z.strictObject({
  /** The schedule entry to run now: its monkey, selectors, caps, params and armed flag, as the scheduler would. */
  schedule: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, { error: 'schedule: expected a schedule id (letters, digits, - or _)' }),
  /** When given, must be the entry's monkey (a check against running the wrong one). */
  monkey: z.string().min(1).max(64).optional(),
  /** The same request id enqueues one run, however often the request is retried. */
  requestId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'requestId: expected up to 64 letters, digits, - or _' })
    .optional(),
});

/**
 * `POST /api/v1/run` `{ schedule, monkey?, requestId? }` (token required): enqueues one run of a schedule entry on
 * the fleet queue now; a worker runs it through the whole pipeline, every guard checked at run time (dry run unless
 * the config and the entry are both armed). Answers 202 with the job id.
 */
export function registerRunRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const queue = deps.queue;
  if (!queue) return;
  app.post(
    '/api/v1/run',
    documented({
      summary: 'Enqueue one run of a schedule entry now (every guard checked at run time)',
      tag: 'runs',
      access: 'token',
      body: runBody,
      responses: { 202: '{ jobId, schedule, monkey, armed }', 400: 'no such entry, disabled, or another monkey' },
    }),
    async (request, reply) => {
      const body = parseWith(runBody, request.body);
      const entry = deps.config().schedules.find((schedule) => schedule.id === body.schedule);
      if (!entry) throw new BadRequest(`schedule: no schedule entry "${body.schedule}"`);
      if (!entry.enabled) throw new BadRequest(`schedule: "${body.schedule}" is disabled`);
      if (body.monkey !== undefined && body.monkey !== entry.monkey) {
        throw new BadRequest(`monkey: schedule "${entry.id}" runs ${entry.monkey}, not ${body.monkey}`);
      }
      const id = jobId('http', entry.id, body.requestId ?? `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
      await queue.add(JOB_NAMES.monkey, { scheduleId: entry.id, monkey: entry.monkey }, { jobId: id });
      return reply.code(202).send({ jobId: id, schedule: entry.id, monkey: entry.monkey, armed: entry.armed });
    },
  );
}
