import { z } from 'zod';
import { SEVERITIES } from '../../notify/alert.js';
import type { Effect } from '../effect.js';

/**
 * Tells a resource's owner through the alert gateway (routes, dedup per incident key, retries, AlertFailed events
 * are the gateway's). Sending is the whole effect: it changes nothing in AWS, so the caps neither count nor stop
 * it, and a job delivered twice is the same incident key, delivered once per channel within the dedup window.
 */
export const notifyOwner: Effect = {
  kind: 'notify-owner',
  description: "Tell a resource's owner through the alert gateway (no AWS change)",
  // What the gateway's AWS channels call (an SNS topic, SES e-mail), so `simian iam-policy` covers them.
  permissions: ['sns:Publish', 'ses:SendEmail'],
  batchSize: 100,
  pacing: 'simian:notify',
  capped: 'none',
  paramsSchema: z.strictObject({
    owner: z.string().min(1).nullable(),
    severity: z.enum(SEVERITIES),
    desc: z.string().min(1).max(1000),
    incidentKey: z.string().min(1).max(256),
    cluster: z.string().min(1),
    /** The monkey telling (for routes per monkey). */
    monkey: z.string().min(1).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  async apply(actions, ctx) {
    const alerts = ctx.alerts;
    if (!alerts) {
      return actions.map((action) => ({
        resource: action.resource,
        ok: false,
        error: 'this run has no alert gateway',
      }));
    }
    for (const action of actions) {
      const { owner, severity, desc, incidentKey, cluster, monkey, details } = action.params as {
        owner: string | null;
        severity: (typeof SEVERITIES)[number];
        desc: string;
        incidentKey: string;
        cluster: string;
        monkey?: string;
        details?: Record<string, unknown>;
      };
      alerts.notify({
        cluster,
        severity,
        desc,
        incidentKey,
        owner,
        resource: action.resource,
        account: action.account,
        region: action.region,
        ...(monkey ? { monkey } : {}),
        ...(details ? { details } : {}),
      });
    }
    return actions.map((action) => ({ resource: action.resource, ok: true }));
  },
};
