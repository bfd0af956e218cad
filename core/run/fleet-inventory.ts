import type { AwsClients } from '../aws/clients.js';
import { takeSnapshot } from '../aws/inventory.js';
import type { RealAccount } from '../aws/real-account.js';
import { findSchedule } from '../config/find-schedule.js';
import type { LoadedConfig } from '../config/load.js';
import type { MonkeyName } from '../config/schema.js';
import { instancesByGroup } from '../fleet/grouping.js';
import type { Group, Snapshot } from '../fleet/model.js';
import { decideOptIn, optInRulesFrom, readOptInTags } from '../fleet/opt-in.js';
import type { OptInRules } from '../fleet/opt-in-types.js';
import type { MonkeyIdentity } from '../plan/monkey-kind.js';
import { assertConfiguredAccount } from '../safety/account-guard.js';

// The document of `simian inventory --json`, which the dashboard's fleet map serves too: each group with its opt-in
// decision per monkey (the monkeys handed in).

/** One group in the `--json` document. */
export interface InventoryGroup {
  name: string;
  app: string;
  stack: string | null;
  detail: string | null;
  cluster: string;
  zones: string[];
  /** Group members per zone, every zone of the group listed (0 when empty). */
  instancesPerZone: Record<string, number>;
  desired: number;
  min: number;
  max: number;
  suspendedProcesses: string[];
  tags: Record<string, string>;
  /**
   * Opt-in tags (`simian:<monkey>`/`simian:all` = enabled) that the group's instances do not get at launch
   * (PropagateAtLaunch false): AWS refuses instance actions under `simian iam-policy`'s tag conditions (docs/iam.md).
   */
  optInNotPropagated: string[];
  optIn: Partial<Record<MonkeyName, { eligible: boolean; reason: string }>>;
}

export interface InventoryRegion {
  region: string;
  account: string;
  accountAlias: string | null;
  takenAt: string;
  instances: number;
  /** Instances that belong to no Auto Scaling group. */
  looseInstances: number;
  groups: InventoryGroup[];
}

/** The stable `simian inventory --json` document. */
export interface InventoryDocument {
  monkeys: MonkeyName[];
  regions: InventoryRegion[];
}

/** The YAML side of opt-in for a monkey: its first enabled schedule entry, if the config has one. */
export function rulesFromConfig(config: LoadedConfig, monkey: MonkeyName): OptInRules | undefined {
  const schedule = findSchedule(config, monkey);
  return schedule ? optInRulesFrom(schedule, schedule.file, schedule.excludeLines) : undefined;
}

function perZone(group: Group): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(group.zones.map((zone) => [zone, 0]));
  for (const member of group.members) counts[member.zone] = (counts[member.zone] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** The group's enabled opt-in tags (for these monkeys or all) that its instances do not get at launch. */
export function optInNotPropagated(group: Group, monkeys: readonly MonkeyIdentity[], tagPrefix = 'simian'): string[] {
  const kept = new Set(group.tagsNotPropagated ?? []);
  if (kept.size === 0) return [];
  const keys = [...monkeys.map((monkey) => `${tagPrefix}:${monkey.name}`), `${tagPrefix}:all`];
  return keys
    .flatMap((key) => readOptInTags(group.tags, key))
    .filter((tag) => tag.meaning === 'enabled' && kept.has(tag.key))
    .map((tag) => tag.key);
}

/** Describes one snapshot: every group with its placement and its opt-in decision for each monkey. */
export function describeSnapshot(
  snapshot: Snapshot,
  monkeys: readonly MonkeyIdentity[],
  rulesFor: (monkey: MonkeyName) => OptInRules | undefined,
  options: { tagPrefix?: string; accountAlias?: string } = {},
): InventoryRegion {
  const where = { account: snapshot.account, region: snapshot.region };
  const inGroups = [...instancesByGroup(snapshot).values()].reduce((sum, list) => sum + list.length, 0);
  return {
    region: snapshot.region,
    account: snapshot.account,
    accountAlias: options.accountAlias ?? null,
    takenAt: snapshot.takenAt.toISOString(),
    instances: snapshot.instances.length,
    looseInstances: snapshot.instances.length - inGroups,
    groups: snapshot.groups.map((group) => ({
      name: group.name,
      app: group.naming.app,
      stack: group.naming.stack,
      detail: group.naming.detail,
      cluster: group.naming.cluster,
      zones: [...group.zones],
      instancesPerZone: perZone(group),
      desired: group.desired,
      min: group.min,
      max: group.max,
      suspendedProcesses: [...group.suspendedProcesses],
      tags: { ...group.tags },
      optInNotPropagated: optInNotPropagated(group, monkeys, options.tagPrefix),
      optIn: Object.fromEntries(
        monkeys.map((monkey) => {
          const { eligible, reason } = decideOptIn(group, monkey, rulesFor(monkey.name), where, options.tagPrefix);
          return [monkey.name, { eligible, reason }];
        }),
      ),
    })),
  };
}

/**
 * Snapshots every region at once (each in the account its credentials act in, refused when that is not the
 * configured one) and describes them, in the order given.
 */
export async function takeInventory(
  source: { config: LoadedConfig; clients: AwsClients; account(region: string): Promise<RealAccount> },
  regions: readonly string[],
  monkeys: readonly MonkeyIdentity[],
): Promise<InventoryDocument> {
  const described = await Promise.all(
    regions.map(async (region) => {
      const account = await source.account(region);
      assertConfiguredAccount(account);
      const snapshot = await takeSnapshot(source.clients, { account: account.id, region, roleArn: account.roleArn });
      return describeSnapshot(snapshot, monkeys, (monkey) => rulesFromConfig(source.config, monkey), {
        tagPrefix: source.config.global.tags.prefix,
        // The alias IAM answers; else the name config gives the account (its id was just checked to be the real one).
        accountAlias: account.alias ?? source.config.global.accounts.find((entry) => entry.id === account.id)?.alias,
      });
    }),
  );
  return { monkeys: monkeys.map((monkey) => monkey.name), regions: described };
}
