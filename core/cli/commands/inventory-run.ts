import { allMonkeys, getMonkey } from '../../../monkeys/index.js';
import type { AwsClients } from '../../aws/clients.js';
import { takeSnapshot } from '../../aws/inventory.js';
import { findSchedule } from '../../config/find-schedule.js';
import type { LoadedConfig } from '../../config/load.js';
import type { MonkeyName } from '../../config/schema.js';
import { instancesByGroup } from '../../fleet/grouping.js';
import type { Group, Snapshot } from '../../fleet/model.js';
import { decideOptIn, optInRulesFrom, readOptInTags } from '../../fleet/opt-in.js';
import type { OptInRules } from '../../fleet/opt-in-types.js';
import { actsOnGroups, type MonkeyIdentity } from '../../plan/monkey-kind.js';
import { assertConfiguredAccount } from '../../safety/account-guard.js';
import { type AccountRef, openCliContext } from '../context.js';
import type { CommonOptions } from '../options.js';
import { renderTable } from '../table.js';

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
  source: { config: LoadedConfig; clients: AwsClients; account(region: string): Promise<AccountRef> },
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

/** Monkeys sharing a decision share a line; "no simian:chaos tag" reads "no simian:<monkey> tag" for all. */
function optInLines(group: InventoryGroup, tagPrefix: string): string {
  const lines = new Map<string, MonkeyName[]>();
  for (const [monkey, decision] of Object.entries(group.optIn) as [
    MonkeyName,
    { eligible: boolean; reason: string },
  ][]) {
    const reason = decision.reason.replace(`no ${tagPrefix}:${monkey} tag`, `no ${tagPrefix}:<monkey> tag`);
    const key = `${decision.eligible ? '✓' : '✗'} ${reason}`;
    lines.set(key, [...(lines.get(key) ?? []), monkey]);
  }
  // Eligible lines first: what the monkeys may touch is what a reader looks for.
  return [...lines]
    .sort(([a], [b]) => (a.startsWith('✓') === b.startsWith('✓') ? 0 : a.startsWith('✓') ? -1 : 1))
    .map(([key, monkeys]) => `${key.slice(0, 1)} ${monkeys.join(', ')}: ${key.slice(2)}`)
    .join('\n');
}

function regionHeading(region: InventoryRegion): string {
  const account = region.accountAlias ? `${region.account} (${region.accountAlias})` : region.account;
  const groups = `${region.groups.length} group${region.groups.length === 1 ? '' : 's'}`;
  return `${region.region} — account ${account}: ${groups}, ${region.instances} instances (${region.looseInstances} in no group)`;
}

/** One line per group whose opt-in tag stays off its instances (AWS's tag conditions then refuse them). */
function propagationWarnings(region: InventoryRegion): string[] {
  return region.groups
    .filter((group) => group.optInNotPropagated.length > 0)
    .map(
      (group) =>
        `warning: ${group.name}: ${group.optInNotPropagated.join(', ')} not propagated to instances (PropagateAtLaunch false): the IAM tag conditions refuse instance actions (docs/iam.md)`,
    );
}

/** The readable inventory: a heading and a table per region; with one monkey, its decision and full reason. */
export function formatInventory(document: InventoryDocument, options: { tagPrefix?: string } = {}): string {
  const prefix = options.tagPrefix ?? 'simian';
  const single = document.monkeys.length === 1 ? document.monkeys[0] : undefined;
  const sections = document.regions.map((region) => {
    const heading = regionHeading(region);
    if (region.groups.length === 0) return `${heading}\n(no Auto Scaling groups)`;
    const headers = ['GROUP', 'ZONES', 'INSTANCES', 'DESIRED/MIN/MAX'];
    const rows = region.groups.map((group) => {
      const base = [
        group.name,
        group.zones.join(' '),
        Object.entries(group.instancesPerZone)
          .map(([zone, count]) => `${zone}:${count}`)
          .join(' '),
        `${group.desired}/${group.min}/${group.max}`,
      ];
      if (!single) return [...base, optInLines(group, prefix)];
      const decision = group.optIn[single];
      return [...base, decision?.eligible ? 'yes' : 'no', decision?.reason ?? ''];
    });
    const table = renderTable(single ? [...headers, single.toUpperCase(), 'REASON'] : [...headers, 'OPT-IN'], rows);
    return [heading, table, ...propagationWarnings(region)].join('\n');
  });
  return sections.join('\n\n');
}

/** The monkeys a plain `simian inventory` shows: those that need a group's opt-in (fault monkeys), by name. */
export function defaultInventoryMonkeys(): MonkeyIdentity[] {
  return allMonkeys().filter((monkey) => actsOnGroups(monkey.kind));
}

function parseMonkey(name: string | undefined): MonkeyIdentity[] {
  return name === undefined ? defaultInventoryMonkeys() : [getMonkey(name)];
}

/** `simian inventory [--monkey name]`: loaded by the command when it runs (AWS SDK, registry and all). */
export async function runInventory(options: CommonOptions & { monkey?: string }): Promise<void> {
  const monkeys = parseMonkey(options.monkey);
  const context = openCliContext(options);
  try {
    const document = await takeInventory(context, context.config.global.regions, monkeys);
    const text = options.json
      ? JSON.stringify(document, null, 2)
      : formatInventory(document, { tagPrefix: context.config.global.tags.prefix });
    process.stdout.write(`${text}\n`);
  } finally {
    await context.close();
  }
}
