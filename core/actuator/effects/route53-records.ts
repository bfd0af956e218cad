import type { ResourceRecordSet, Route53Client, RRType } from '@aws-sdk/client-route-53';
import { z } from 'zod';

/** Which record set: a hosted zone, a DNS name, a type and (for weighted records) a set identifier. */
export interface RecordKey {
  readonly hostedZoneId: string;
  readonly name: string;
  readonly type: string;
  readonly setIdentifier?: string;
}

/** Route 53 answers names fully qualified and lower case ("api.example.com."). */
export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

/** Every record set of one name and type in a hosted zone (all the weighted sets across regions). */
export async function recordSetsOf(route53: Route53Client, key: RecordKey): Promise<ResourceRecordSet[]> {
  const { ListResourceRecordSetsCommand } = await import('@aws-sdk/client-route-53');
  const name = normalizeName(key.name);
  const sets: ResourceRecordSet[] = [];
  let start: { name?: string; type?: RRType; identifier?: string } = { name, type: key.type as RRType };
  for (;;) {
    const page = await route53.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: key.hostedZoneId,
        StartRecordName: start.name,
        StartRecordType: start.type,
        StartRecordIdentifier: start.identifier,
      }),
    );
    let passed = false;
    for (const set of page.ResourceRecordSets ?? []) {
      if (normalizeName(set.Name ?? '') === name && set.Type === key.type) sets.push(set);
      else if (sets.length > 0) passed = true;
    }
    if (passed || !page.IsTruncated) return sets;
    start = { name: page.NextRecordName, type: page.NextRecordType, identifier: page.NextRecordIdentifier };
  }
}

export async function findRecordSet(route53: Route53Client, key: RecordKey): Promise<ResourceRecordSet | undefined> {
  const sets = await recordSetsOf(route53, key);
  return sets.find((set) => (set.SetIdentifier ?? undefined) === key.setIdentifier);
}

/** UPSERT in one change batch: writing the same values twice is a no-op, which makes every Route 53 effect idempotent. */
export async function upsertRecordSets(
  route53: Route53Client,
  hostedZoneId: string,
  sets: readonly ResourceRecordSet[],
) {
  const { ChangeResourceRecordSetsCommand } = await import('@aws-sdk/client-route-53');
  await route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: hostedZoneId,
      ChangeBatch: {
        Comment: 'simian',
        Changes: sets.map((set) => ({ Action: 'UPSERT', ResourceRecordSet: set })),
      },
    }),
  );
}

export async function upsertRecordSet(route53: Route53Client, hostedZoneId: string, set: ResourceRecordSet) {
  await upsertRecordSets(route53, hostedZoneId, [set]);
}

export function recordKeyOf(params: Readonly<Record<string, unknown>>): RecordKey {
  return {
    hostedZoneId: String(params.hostedZoneId),
    name: String(params.name),
    type: String(params.type),
    setIdentifier: params.setIdentifier === undefined ? undefined : String(params.setIdentifier),
  };
}

/** The params that find one record set (see recordKeyOf), as each Route 53 effect's schema spells them. */
export const recordKeyShape = {
  hostedZoneId: z.string().min(1),
  name: z.string().min(1),
  type: z.string().min(1),
  setIdentifier: z.string().min(1),
};

/** A Route 53 record set as ListResourceRecordSets answers it (saved by a fault, written back by its revert). */
export const recordSetShape = z.strictObject({
  Name: z.string().min(1),
  Type: z.string().min(1),
  SetIdentifier: z.string().optional(),
  Weight: z.number().int().min(0).max(255).optional(),
  Region: z.string().optional(),
  Failover: z.enum(['PRIMARY', 'SECONDARY']).optional(),
  MultiValueAnswer: z.boolean().optional(),
  TTL: z.number().int().nonnegative().optional(),
  ResourceRecords: z.array(z.strictObject({ Value: z.string() })).optional(),
  AliasTarget: z
    .strictObject({ HostedZoneId: z.string(), DNSName: z.string(), EvaluateTargetHealth: z.boolean() })
    .optional(),
  HealthCheckId: z.string().optional(),
  TrafficPolicyInstanceId: z.string().optional(),
  GeoLocation: z.record(z.string(), z.unknown()).optional(),
  CidrRoutingConfig: z.record(z.string(), z.unknown()).optional(),
  GeoProximityLocation: z.record(z.string(), z.unknown()).optional(),
});
