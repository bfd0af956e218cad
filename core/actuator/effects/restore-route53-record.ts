import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { Effect } from '../effect.js';
import { applyEach } from './each-action.js';
import { findRecordSet, upsertRecordSet } from './route53-records.js';

/** Writes a saved Route 53 record set back (UPSERT). Params: { hostedZoneId, recordSet }. */
export const restoreRoute53Record: Effect = {
  kind: 'restore-route53-record',
  description: 'Restores a saved Route 53 record set (the revert of shift-route53-weight)',
  permissions: ['route53:ListResourceRecordSets', 'route53:ChangeResourceRecordSets'],
  batchSize: 1,
  pacing: 'route53:ChangeResourceRecordSets',

  apply: (actions, ctx) =>
    applyEach(actions, async (action) => {
      const route53 = ctx.clients.route53({ region: action.region, account: action.account, roleArn: ctx.roleArn });
      const hostedZoneId = String(action.params.hostedZoneId);
      const saved = action.params.recordSet as ResourceRecordSet;
      const current = await findRecordSet(route53, {
        hostedZoneId,
        name: saved.Name ?? '',
        type: saved.Type ?? '',
        setIdentifier: saved.SetIdentifier,
      });
      if (current && current.Weight === saved.Weight) return { resource: action.resource, ok: true, already: true };
      await upsertRecordSet(route53, hostedZoneId, saved);
      return { resource: action.resource, ok: true };
    }),
};
