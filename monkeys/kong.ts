import { z } from 'zod';
import { flipRoute53Failover } from '../core/actuator/effects/flip-route53-failover.js';
import { restoreRoute53Record } from '../core/actuator/effects/restore-route53-record.js';
import { shiftRoute53Weight } from '../core/actuator/effects/shift-route53-weight.js';
import { region as regionName } from '../core/config/basic-values.js';
import { InputError } from '../core/errors.js';
import type { Action, Plan, Skip } from '../core/plan/action.js';
import type { Monkey } from '../core/run/monkey.js';
import { planGorilla } from './gorilla.js';
import { terminateInstance } from './janitor/effects/terminate-instance.js';
import { parseRecordFlag } from './kong/record-flag.js';
import { faultDuration } from './shared/fault-duration.js';
import { ZONE_OUTAGE_CAPS } from './shared/outage-caps.js';
import { judgeSet, type WeightedSet } from './shared/route53-health.js';
import { zonesInUse } from './shared/zones.js';

/** A Route 53 record that routes to several regions, one weighted set per region. */
export const kongRecord = z.strictObject({
  hostedZoneId: z.string().min(1).describe('The Route 53 hosted zone id of the record (Z123...)'),
  name: z.string().min(1).describe('The record name (api.example.com)'),
  type: z
    .string()
    .regex(/^[A-Z]+$/, { error: 'expected a record type such as A, AAAA or CNAME' })
    .default('A')
    .describe('The record type: A, AAAA, CNAME... (default A)'),
  /** The set identifier of the evacuated region's set (default: the region name) ... */
  setIdentifier: z
    .string()
    .min(1)
    .optional()
    .describe("The set identifier of the evacuated region's set (default: the region name) ..."),
  /** ... or one per region, so one configured record serves any region Kong evacuates. */
  setIdentifiers: z
    .record(regionName, z.string().min(1))
    .optional()
    .describe('... or one per region (region → set identifier), so one record serves any region Kong evacuates'),
});
export type KongRecord = z.infer<typeof kongRecord>;

const RECORDS_NEEDED = 'kong needs at least one Route 53 record (--record, or params.records on a kong schedule entry)';

export const kongParams = z.strictObject({
  /** The region to evacuate; a schedule entry may leave it out to mean the region it runs in. */
  region: regionName
    .optional()
    .describe(
      'The region to evacuate (default: the region the entry runs in; on the command line --region is required)',
    ),
  records: z
    .array(kongRecord, { error: (issue) => (issue.input === undefined ? RECORDS_NEEDED : undefined) })
    .min(1, { error: RECORDS_NEEDED })
    .describe(
      'Route 53 records routing to several regions (weighted sets or a failover pair) whose traffic leaves the region; at least one',
    ),
  duration: faultDuration().describe('How long the evacuation lasts before the revert, 1m to 12h (default 30m)'),
  /** After shifting traffic away, run Chaos Gorilla (terminate) on every zone of the region. */
  thenGorilla: z
    .boolean()
    .default(false)
    .describe('After shifting traffic, terminate the opted-in instances of every zone of the region'),
});
export type KongParams = z.infer<typeof kongParams>;

/** What prepare reads: for each configured record, the evacuated set and every set of the same name and type. */
export interface KongObserved {
  readonly records: readonly {
    readonly record: KongRecord;
    readonly evacuated: WeightedSet;
    readonly sets: readonly WeightedSet[];
  }[];
}

export function setIdentifierFor(record: KongRecord, region: string): string {
  return record.setIdentifiers?.[region] ?? record.setIdentifier ?? region;
}

export function recordLabel(record: KongRecord): string {
  return `${record.name} ${record.type} in ${record.hostedZoneId}`;
}

/** How the actions name one record set: "<hostedZoneId>/<name>/<type>/<setIdentifier>". */
function recordSetResource(record: KongRecord, setIdentifier: string): string {
  return `${record.hostedZoneId}/${record.name}/${record.type}/${setIdentifier}`;
}

/** The params that find one record set again in the effects (their recordKeyOf). */
function recordSetKey(record: KongRecord, setIdentifier: string) {
  return { hostedZoneId: record.hostedZoneId, name: record.name, type: record.type, setIdentifier };
}

function shiftAction(
  params: KongParams,
  region: string,
  account: string,
  record: KongRecord,
  set: WeightedSet,
): Action {
  return {
    kind: 'shift-route53-weight',
    resource: recordSetResource(record, set.setIdentifier),
    group: null,
    account,
    region,
    zone: null,
    params: {
      ...recordSetKey(record, set.setIdentifier),
      weight: 0,
      originalWeight: set.weight,
    },
    durationMs: params.duration,
  };
}

/** A failover record: the evacuated PRIMARY swaps roles with its healthy SECONDARY partner in another region. */
function planFailover(
  params: KongParams,
  region: string,
  account: string,
  record: KongRecord,
  evacuated: WeightedSet,
  sets: readonly WeightedSet[],
): { action: Action } | { skip: Skip } | { refused: { guard: string; reason: string } } {
  const resource = recordSetResource(record, evacuated.setIdentifier);
  if (evacuated.recordSet.Failover !== 'PRIMARY') {
    return { skip: { resource, group: null, guard: 'state', reason: 'already the failover SECONDARY', region } };
  }
  const partner = sets.find((set) => set.setIdentifier !== evacuated.setIdentifier && set.recordSet.Failover);
  if (!partner?.healthy) {
    const why = partner
      ? `its SECONDARY ${partner.setIdentifier} is not healthy (${partner.healthReason})`
      : 'it has no SECONDARY';
    return {
      refused: {
        guard: 'kong-health',
        reason: `evacuating ${region} would leave ${recordLabel(record)} no healthy region: ${why}`,
      },
    };
  }
  return {
    action: {
      kind: 'flip-route53-failover',
      resource,
      group: null,
      account,
      region,
      zone: null,
      params: { ...recordSetKey(record, evacuated.setIdentifier), partner: partner.setIdentifier },
      durationMs: params.duration,
    },
  };
}

/**
 * Chaos Kong: evacuates a region by shifting the weight of its Route 53 record sets to 0 (the originals are saved
 * for the revert), refusing when a record would be left with no healthy region still taking traffic.
 */
export const kong: Monkey<KongParams, KongObserved> = {
  name: 'kong',
  description: 'Evacuates a region: Route 53 weights to 0 for its record sets, optionally Gorilla on each zone',
  kind: 'fault',
  effects: [
    { effect: shiftRoute53Weight, revert: restoreRoute53Record },
    { effect: flipRoute53Failover, revert: restoreRoute53Record },
    { effect: terminateInstance },
  ],
  defaultCaps: ZONE_OUTAGE_CAPS,
  params: kongParams,
  cli: {
    summary: 'Chaos Kong: evacuate a region by shifting its Route 53 weighted records to 0, then revert',
    flags: [
      {
        flag: '--record <spec>',
        param: 'records',
        read: parseRecordFlag,
        repeatable: true,
        help: 'a weighted record: <hostedZoneId>:<name>[:<type>[:<setIdentifier>]] (repeatable)',
      },
      { flag: '--duration <duration>', param: 'duration' },
      { flag: '--then-gorilla', param: 'thenGorilla' },
    ],
    region: {
      one: 'evacuates one region',
      resolve(_params, given) {
        if (!given) throw new InputError('kong needs --region <name>: the region to evacuate');
        return given;
      },
      param: 'region',
    },
  },

  async prepare({ params, clients, target }) {
    if (params.region !== undefined && params.region !== target.region) {
      throw new InputError(`kong evacuates ${params.region} but the run is for region ${target.region}`);
    }
    // Loaded on use (SDK and all): the registry imports every monkey, `simian --help` included.
    const { recordSetsOf } = await import('../core/actuator/effects/route53-records.js');
    const records = [];
    for (const record of params.records) {
      const setIdentifier = setIdentifierFor(record, target.region);
      const found = await recordSetsOf(clients.route53(target), record).catch((error: Error) => {
        if (error.name === 'NoSuchHostedZone')
          throw new InputError(`hosted zone ${record.hostedZoneId} does not exist`);
        throw error;
      });
      const sets = await Promise.all(found.map((set) => judgeSet(set, clients, target)));
      const evacuated = sets.find((set) => set.setIdentifier === setIdentifier);
      if (!evacuated) {
        const known = sets.map((set) => set.setIdentifier || '(none)').join(', ') || 'none';
        throw new InputError(`${recordLabel(record)} has no set "${setIdentifier}" (its sets: ${known})`);
      }
      if (evacuated.weight === undefined && !evacuated.recordSet.Failover) {
        throw new InputError(
          `${recordLabel(record)} set "${setIdentifier}" is neither weighted nor failover: kong shifts those records only`,
        );
      }
      records.push({ record, evacuated, sets });
    }
    return { records };
  },

  plan({ snapshot, params, optIn, observed }) {
    const region = snapshot.region;
    const target = { region };
    const actions: Action[] = [];
    const skipped: Skip[] = [];
    for (const { record, evacuated, sets } of observed?.records ?? []) {
      const resource = recordSetResource(record, evacuated.setIdentifier);
      if (evacuated.recordSet.Failover) {
        const flip = planFailover(params, region, snapshot.account, record, evacuated, sets);
        if ('refused' in flip) return { monkey: 'kong', target, actions: [], skipped: [], refused: flip.refused };
        if ('skip' in flip) skipped.push(flip.skip);
        else actions.push(flip.action);
        continue;
      }
      const survivors = sets.filter(
        (set) => set.setIdentifier !== evacuated.setIdentifier && (set.weight ?? 0) > 0 && set.healthy,
      );
      if (survivors.length === 0) {
        const reason = `evacuating ${region} would leave ${recordLabel(record)} no healthy region with weight > 0`;
        return { monkey: 'kong', target, actions: [], skipped: [], refused: { guard: 'kong-health', reason } };
      }
      if (evacuated.weight === 0) {
        skipped.push({
          resource,
          group: null,
          guard: 'state',
          reason: 'weight already 0',
          region,
        });
        continue;
      }
      actions.push(shiftAction(params, region, snapshot.account, record, evacuated));
    }
    if (params.thenGorilla) {
      for (const zone of zonesInUse(snapshot).filter((zone) => zone.startsWith(region))) {
        const gorillaPlan: Plan = planGorilla(snapshot, { zone, mode: 'terminate', duration: params.duration }, optIn);
        actions.push(...gorillaPlan.actions);
        skipped.push(...gorillaPlan.skipped);
      }
    }
    return { monkey: 'kong', target, actions, skipped };
  },
};
