import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { z } from 'zod';
import type { Effect } from '../effect.js';
import { applyEach } from './each-action.js';
import { findRecordSet, recordSetShape, upsertRecordSets } from './route53-records.js';

/** Whether the record set in Route 53 already has the saved routing (weight and failover role). */
function sameRouting(current: ResourceRecordSet | undefined, saved: ResourceRecordSet): boolean {
  return current !== undefined && current.Weight === saved.Weight && current.Failover === saved.Failover;
}

/**
 * Writes saved Route 53 record sets back (UPSERT, one change batch). Params: { hostedZoneId, recordSet } or
 * { hostedZoneId, recordSets } (a failover pair is restored together).
 */
export const restoreRoute53Record: Effect = {
  kind: 'restore-route53-record',
  revert: true,
  description: 'Restores saved Route 53 record sets (the revert of shift-route53-weight and flip-route53-failover)',
  permissions: ['route53:ListResourceRecordSets', 'route53:ChangeResourceRecordSets'],
  batchSize: 1,
  pacing: 'route53:ChangeResourceRecordSets',
  capped: 'none',
  paramsSchema: z
    .strictObject({
      hostedZoneId: z.string().min(1),
      recordSet: recordSetShape.optional(),
      recordSets: z.array(recordSetShape).min(1).optional(),
    })
    .refine((params) => (params.recordSet === undefined) !== (params.recordSets === undefined), {
      message: 'expected exactly one of recordSet and recordSets',
    }),

  apply: (actions, ctx) =>
    applyEach(actions, async (action) => {
      const route53 = ctx.clients.route53({ region: action.region, account: action.account, roleArn: ctx.roleArn });
      const hostedZoneId = String(action.params.hostedZoneId);
      const saved = (action.params.recordSets as ResourceRecordSet[] | undefined) ?? [
        action.params.recordSet as ResourceRecordSet,
      ];
      const current = await Promise.all(
        saved.map((set) =>
          findRecordSet(route53, {
            hostedZoneId,
            name: set.Name ?? '',
            type: set.Type ?? '',
            setIdentifier: set.SetIdentifier,
          }),
        ),
      );
      if (saved.every((set, index) => sameRouting(current[index], set))) {
        return { resource: action.resource, ok: true, already: true };
      }
      await upsertRecordSets(route53, hostedZoneId, saved);
      return { resource: action.resource, ok: true };
    }),
};
