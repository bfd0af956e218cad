/**
 * Route 53 record sets carry no tags, but ChangeResourceRecordSets offers condition keys on the changes it carries
 * (names, types, actions): Kong's changes are limited to the record sets its config names, UPSERT only (every
 * Route 53 effect writes with UPSERT, see effects/route53-records.ts).
 */
export const ROUTE53_CHANGE = 'route53:ChangeResourceRecordSets';

export interface Route53Record {
  readonly hostedZoneId: string;
  readonly name: string;
  readonly type: string;
}

type Condition = Record<string, Record<string, string | string[]>>;

/**
 * A record name as `route53:ChangeResourceRecordSetsNormalizedRecordNames` holds it: lower case, no trailing dot,
 * any character but a-z, 0-9, `-`, `_` and `.` as a backslash and three octal digits (`*` is `\052`).
 */
export function normalizedRecordName(name: string): string {
  return name
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/[^a-z0-9_.-]/g, (char) => `\\${(char.codePointAt(0) ?? 0).toString(8).padStart(3, '0')}`);
}

const zoneArn = (hostedZoneId: string) =>
  `arn:aws:route53:::hostedzone/${hostedZoneId.replace(/^\/?hostedzone\//, '')}`;

/** One grant per hosted zone named (its names and types only); none named: any zone, UPSERT only. */
export function route53Conditions(
  records: readonly Route53Record[] = [],
): { resource: string; condition: Condition }[] {
  const upsertOnly = { 'route53:ChangeResourceRecordSetsActions': ['UPSERT'] };
  if (records.length === 0) {
    return [{ resource: 'arn:aws:route53:::hostedzone/*', condition: { 'ForAllValues:StringEquals': upsertOnly } }];
  }
  const zones = new Map<string, Route53Record[]>();
  for (const record of records) {
    const arn = zoneArn(record.hostedZoneId);
    zones.set(arn, [...(zones.get(arn) ?? []), record]);
  }
  return [...zones.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([resource, list]) => ({
      resource,
      condition: {
        'ForAllValues:StringEquals': {
          'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
            ...new Set(list.map((record) => normalizedRecordName(record.name))),
          ].sort(),
          'route53:ChangeResourceRecordSetsRecordTypes': [
            ...new Set(list.map((record) => record.type.toUpperCase())),
          ].sort(),
          ...upsertOnly,
        },
      },
    }));
}
