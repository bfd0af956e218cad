import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SEVERITIES } from '../config/notifications-schema.js';
import type { AlertGateway } from '../notify/gateway.js';
import { describeIssues } from '../run/params.js';
import { bearerMatches } from './bearer.js';

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

/** Alerts are small: anything larger is refused with 413 before it is parsed. */
const BODY_LIMIT = 64 * 1024;

/**
 * `POST /api/v1/alert` (and `/api/v1/alert/resolve`): one send through the alert gateway, bearer token required.
 * 401 without the token (nothing sent), 400 naming the field of a bad body, 413 over the size limit; 200 with one
 * outcome per channel when every channel has it, 502 when one finally failed.
 */
export function registerAlertRoutes(app: FastifyInstance, alerts: AlertGateway, token: () => string | undefined) {
  const authorized = (header: string | undefined) => bearerMatches(header, token());
  app.post('/api/v1/alert', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
    if (!authorized(request.headers.authorization)) {
      return reply.code(401).send({ error: 'a bearer token (http.token) is required to send an alert' });
    }
    const body = alertBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: describeIssues(body.error.issues) });
    const { incident_key: incidentKey, ...rest } = body.data;
    const report = await alerts.send({ ...rest, incidentKey });
    const failed = report.outcomes.some((outcome) => outcome.status === 'failed');
    return reply.code(failed ? 502 : 200).send(report);
  });
  app.post('/api/v1/alert/resolve', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
    if (!authorized(request.headers.authorization)) {
      return reply.code(401).send({ error: 'a bearer token (http.token) is required to resolve an alert' });
    }
    const body = resolveBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: describeIssues(body.error.issues) });
    const report = await alerts.resolve(body.data.incident_key);
    const failed = report.outcomes.some((outcome) => outcome.status === 'failed');
    return reply.code(failed ? 502 : 200).send(report);
  });
}
