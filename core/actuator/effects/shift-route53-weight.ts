import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { z } from 'zod';
import { type Effect, revertOn } from '../effect.js';
import { applyEach } from './each-action.js';
import { findRecordSet, recordKeyOf, recordKeyShape, upsertRecordSet } from './route53-records.js';

/**
 * Chaos Kong: sets a weighted record set's weight (0 evacuates the region). Resource:
 * "<hostedZoneId>/<name>/<type>/<setIdentifier>"; params: { hostedZoneId, name, type, setIdentifier, weight,
 * originalWeight }.
 */
export const shiftRoute53Weight: Effect = {
  kind: 'shift-route53-weight',
  description: "Shifts a weighted Route 53 record set's weight (reverted by restore-route53-record)",
  permissions: ['route53:ListResourceRecordSets', 'route53:ChangeResourceRecordSets'],
  batchSize: 1,
  pacing: 'route53:ChangeResourceRecordSets',
  capped: 'instance',
  paramsSchema: z.strictObject({
    ...recordKeyShape,
    weight: z.number().int().min(0).max(255),
    originalWeight: z.number().int().min(0).max(255).optional(),
  }),

  async capture(actions, ctx) {
    const saved = new Map<string, Record<string, unknown>>();
    for (const action of actions) {
      const route53 = ctx.clients.route53({ region: action.region, account: action.account, roleArn: ctx.roleArn });
      const set = await findRecordSet(route53, recordKeyOf(action.params));
      if (!set) continue;
      // A redelivered job may find the weight already shifted: the plan's original weight is the one to restore.
      const shifted = set.Weight === action.params.weight && typeof action.params.originalWeight === 'number';
      const recordSet: ResourceRecordSet = shifted ? { ...set, Weight: action.params.originalWeight as number } : set;
      saved.set(action.resource, { hostedZoneId: action.params.hostedZoneId, recordSet });
    }
    return saved;
  },

  apply: (actions, ctx) =>
    applyEach(actions, async (action) => {
      const route53 = ctx.clients.route53({ region: action.region, account: action.account, roleArn: ctx.roleArn });
      const key = recordKeyOf(action.params);
      const set = await findRecordSet(route53, key);
      if (!set) return { resource: action.resource, ok: false, error: 'the record set no longer exists' };
      const weight = Number(action.params.weight);
      if (set.Weight === weight) return { resource: action.resource, ok: true, already: true };
      await upsertRecordSet(route53, key.hostedZoneId, { ...set, Weight: weight });
      return { resource: action.resource, ok: true };
    }),

  revertOf(action, saved) {
    return revertOn(action, 'restore-route53-record', { hostedZoneId: saved.hostedZoneId, recordSet: saved.recordSet });
  },
};
