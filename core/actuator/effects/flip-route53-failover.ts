import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { z } from 'zod';
import type { Action } from '../../plan/action.js';
import { type Effect, type EffectContext, revertOn } from '../effect.js';
import { applyEach } from './each-action.js';
import { recordKeyOf, recordKeyShape, recordSetsOf, upsertRecordSets } from './route53-records.js';

/** The evacuated set and its failover partner, as they are now. */
async function pair(action: Action, ctx: EffectContext) {
  const route53 = ctx.clients.route53({ region: action.region, account: action.account, roleArn: ctx.roleArn });
  const sets = await recordSetsOf(route53, recordKeyOf(action.params));
  const evacuated = sets.find((set) => set.SetIdentifier === action.params.setIdentifier);
  const partner = sets.find((set) => set.SetIdentifier === action.params.partner);
  return { route53, evacuated, partner };
}

/**
 * Chaos Kong on a failover record: the evacuated region's PRIMARY set becomes SECONDARY and its partner PRIMARY, in
 * one change batch. Resource: "<hostedZoneId>/<name>/<type>/<setIdentifier>"; params: { hostedZoneId, name, type,
 * setIdentifier, partner }.
 */
export const flipRoute53Failover: Effect = {
  kind: 'flip-route53-failover',
  description: "Swaps a failover record's PRIMARY and SECONDARY sets (reverted by restore-route53-record)",
  permissions: ['route53:ListResourceRecordSets', 'route53:ChangeResourceRecordSets'],
  batchSize: 1,
  pacing: 'route53:ChangeResourceRecordSets',
  capped: 'instance',
  paramsSchema: z.strictObject({ ...recordKeyShape, partner: z.string().min(1) }),

  async capture(actions, ctx) {
    const saved = new Map<string, Record<string, unknown>>();
    for (const action of actions) {
      const { evacuated, partner } = await pair(action, ctx);
      if (!evacuated || !partner) continue;
      // A redelivered job may find the roles already swapped: the original roles are PRIMARY here, SECONDARY there.
      const recordSets: ResourceRecordSet[] = [
        { ...evacuated, Failover: 'PRIMARY' },
        { ...partner, Failover: 'SECONDARY' },
      ];
      saved.set(action.resource, { hostedZoneId: action.params.hostedZoneId, recordSets });
    }
    return saved;
  },

  apply: (actions, ctx) =>
    applyEach(actions, async (action) => {
      const { route53, evacuated, partner } = await pair(action, ctx);
      if (!evacuated || !partner)
        return { resource: action.resource, ok: false, error: 'the failover pair no longer exists' };
      if (evacuated.Failover === 'SECONDARY' && partner.Failover === 'PRIMARY') {
        return { resource: action.resource, ok: true, already: true };
      }
      await upsertRecordSets(route53, String(action.params.hostedZoneId), [
        { ...evacuated, Failover: 'SECONDARY' },
        { ...partner, Failover: 'PRIMARY' },
      ]);
      return { resource: action.resource, ok: true };
    }),

  revertOf(action, saved) {
    return revertOn(action, 'restore-route53-record', {
      hostedZoneId: saved.hostedZoneId,
      recordSets: saved.recordSets,
    });
  },
};
