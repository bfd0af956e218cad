import {
  type HostedZone,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  type Route53Client,
  type RRType,
} from '@aws-sdk/client-route-53';
import { type AwsClients, type AwsTarget, GLOBAL_REGION } from '../clients.js';
import { byId, collectPages, hasErrorCode, pageSizeOf, uniqueIds } from './support.js';
import type { ResourceRecord, ResourceType } from './types.js';

/** ListHostedZones serves at most 100 zones a page, ListResourceRecordSets at most 300 record sets. */
const MAX_ZONE_PAGE = 100;
const MAX_RECORD_PAGE = 300;

/** A record set with the hosted zone it lives in (Route 53 returns record sets without their zone). */
export interface Route53RecordRaw {
  readonly hostedZoneId: string;
  readonly zoneName: string;
  readonly recordSet: ResourceRecordSet;
}

/** What a record id holds: `<zoneId>/<name>/<type>[/<setIdentifier>]`. */
export interface Route53RecordKey {
  readonly hostedZoneId: string;
  readonly name: string;
  readonly type: string;
  readonly setIdentifier?: string;
}

/** AWS zone ids are `Z` and up to 32 upper-case letters and digits; moto drops the `Z`. */
const RECORD_ID = /^([0-9A-Z]{1,32})\/([^/]+)\/([A-Z]{1,10})(?:\/(.+))?$/;

/** Route 53 answers names lower case and fully qualified ("api.example.com."); ids use that form. */
function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

/**
 * The stable id of a record set, which AWS does not give: `<zoneId>/<name>/<type>[/<setIdentifier>]`, e.g.
 * `Z123/api.example.com./A/us-east-1` (zone id without `/hostedzone/`, name normalized; the set identifier last,
 * so it may hold `/`).
 */
export function route53RecordId(key: Route53RecordKey): string {
  const zone = key.hostedZoneId.replace(/^\/hostedzone\//, '');
  const base = `${zone}/${normalizeName(key.name)}/${key.type}`;
  return key.setIdentifier === undefined ? base : `${base}/${key.setIdentifier}`;
}

/** The parts of a record id, or undefined when `id` is not one. */
export function parseRoute53RecordId(id: string): Route53RecordKey | undefined {
  const match = RECORD_ID.exec(id);
  if (!match) return undefined;
  const [, hostedZoneId = '', name = '', type = '', setIdentifier] = match;
  return { hostedZoneId, name, type, ...(setIdentifier === undefined ? {} : { setIdentifier }) };
}

function toRecord(zone: { id: string; name: string }, set: ResourceRecordSet): ResourceRecord<Route53RecordRaw> {
  const id = route53RecordId({
    hostedZoneId: zone.id,
    name: set.Name ?? '',
    type: set.Type ?? '',
    ...(set.SetIdentifier === undefined ? {} : { setIdentifier: set.SetIdentifier }),
  });
  return { id, name: set.Name, tags: {}, raw: { hostedZoneId: zone.id, zoneName: zone.name, recordSet: set } };
}

function globalClient(clients: AwsClients, target: AwsTarget): Route53Client {
  return clients.route53({ ...target, region: GLOBAL_REGION });
}

async function zones(route53: Route53Client, pageSize: number): Promise<HostedZone[]> {
  return collectPages(async (marker) => {
    const page = await route53.send(
      new ListHostedZonesCommand({ MaxItems: pageSize, ...(marker ? { Marker: marker } : {}) }),
    );
    return { items: page.HostedZones, next: page.IsTruncated ? page.NextMarker : undefined };
  });
}

/** Every record set of one zone, in pages of `pageSize` (the next page starts at name + type + identifier). */
async function recordSets(route53: Route53Client, zoneId: string, pageSize: number): Promise<ResourceRecordSet[]> {
  const sets: ResourceRecordSet[] = [];
  let start: { StartRecordName?: string; StartRecordType?: RRType; StartRecordIdentifier?: string } = {};
  for (;;) {
    const page = await route53.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: pageSize, ...start }),
    );
    sets.push(...(page.ResourceRecordSets ?? []));
    if (!page.IsTruncated) return sets;
    start = {
      StartRecordName: page.NextRecordName,
      StartRecordType: page.NextRecordType,
      ...(page.NextRecordIdentifier ? { StartRecordIdentifier: page.NextRecordIdentifier } : {}),
    };
  }
}

/**
 * Route 53 record sets of every hosted zone (public and private) of the account; a global service. AWS gives record
 * sets no id and no tags: ids are `route53RecordId`, tags are `{}`. `fresh` lists the whole zone of the ids asked
 * (one ListResourceRecordSets per 300 record sets of each zone named, never one per id); a zone that no longer
 * exists (NoSuchHostedZone) makes all its ids gone. Name: the record's DNS name.
 */
export const route53RecordType: ResourceType<Route53RecordRaw> = {
  name: 'route53-record',
  service: 'Route53',
  idField: '<HostedZoneId>/<Name>/<Type>[/<SetIdentifier>]',
  nameField: 'Name',
  permissions: ['route53:ListHostedZones', 'route53:ListResourceRecordSets'],
  global: true,
  recognisable: true,
  matches: (id) => RECORD_ID.test(id),
  async list(clients, target, options) {
    const route53 = globalClient(clients, target);
    const records: ResourceRecord<Route53RecordRaw>[] = [];
    for (const zone of await zones(route53, pageSizeOf(options, MAX_ZONE_PAGE))) {
      const id = (zone.Id ?? '').replace(/^\/hostedzone\//, '');
      for (const set of await recordSets(route53, id, pageSizeOf(options, MAX_RECORD_PAGE))) {
        records.push(toRecord({ id, name: zone.Name ?? '' }, set));
      }
    }
    return records;
  },
  async fresh(clients, target, ids) {
    const route53 = globalClient(clients, target);
    const wanted = uniqueIds(ids);
    const zoneIds = new Set(wanted.flatMap((id) => parseRoute53RecordId(id)?.hostedZoneId ?? []));
    const records: ResourceRecord<Route53RecordRaw>[] = [];
    for (const zoneId of zoneIds) {
      let sets: ResourceRecordSet[];
      try {
        sets = await recordSets(route53, zoneId, MAX_RECORD_PAGE);
      } catch (error) {
        if (hasErrorCode(error, ['NoSuchHostedZone'])) continue;
        throw error;
      }
      // Every zone holds one SOA record, at its apex: the zone's name without a GetHostedZone call.
      const name = sets.find((set) => set.Type === 'SOA')?.Name ?? '';
      for (const set of sets) records.push(toRecord({ id: zoneId, name }, set));
    }
    return byId(records, undefined, new Set(wanted));
  },
};
