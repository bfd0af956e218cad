import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { SEVERITIES } from '../config/notifications-schema.js';
import type { AlertReport } from '../notify/alert.js';
import type { HttpDeps } from './deps.js';
import { parseWith } from './errors.js';

/** The talk's gateway.send over HTTP: the contract's body, field by field. */
const alertBody = z.strictObject({
  cluster: z.string().min(1),
  severity: z.enum(SEVERITIES, {
    error: (issue) => `severity "${String(issue.input)}" is unknown (expected ${SEVERITIES.join(', ')})`,
  }),
  desc: z.string().min(1),
  incident_key: z.string().min(1),
  details: z.unknown().optional(),
  owner: z.string().min(1).optional(),
});
const resolveBody = z.strictObject({ incident_key: z.string().min(1) });

/**
 * `POST /api/v1/alert` (and `/api/v1/alert/resolve`): one send through the alert gateway, bearer token required
 * (the server's access gate). 400 naming the field of a bad body, 413 over the size limit; 200 with one outcome per
 * channel when every channel has it; 429 with Retry-After when a channel's rate limit refused it (never a success:
 * a send after that delivers it where it is missing); else 502 when one finally failed.
 */
export function registerAlertRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const alerts = deps.alerts;
  if (!alerts) return;
  app.post('/api/v1/alert', async (request, reply) => {
    const { incident_key: incidentKey, ...rest } = parseWith(alertBody, request.body);
    return answer(reply, await alerts.send({ ...rest, incidentKey }));
  });
  app.post('/api/v1/alert/resolve', async (request, reply) => {
    return answer(reply, await alerts.resolve(parseWith(resolveBody, request.body).incident_key));
  });
}

/** The report with its status: 429 + Retry-After (whole seconds, the longest wait) when a rate limit refused it. */
function answer(reply: FastifyReply, report: AlertReport): FastifyReply {
  const waits = report.outcomes.flatMap((outcome) =>
    outcome.status === 'rate-limited' ? [outcome.retryAfterMs ?? 0] : [],
  );
  if (waits.length > 0) {
    return reply
      .code(429)
      .header('retry-after', String(Math.max(1, Math.ceil(Math.max(...waits) / 1000))))
      .send(report);
  }
  const failed = report.outcomes.some((outcome) => outcome.status === 'failed');
  return reply.code(failed ? 502 : 200).send(report);
}
