import { allMonkeys, getMonkey } from '../../../monkeys/index.js';
import type { MonkeyName } from '../../config/schema.js';
import { actsOnGroups, type MonkeyIdentity } from '../../plan/monkey-kind.js';
import {
  type InventoryDocument,
  type InventoryGroup,
  type InventoryRegion,
  takeInventory,
} from '../../run/fleet-inventory.js';
import { openCliContext } from '../context.js';
import type { CommonOptions } from '../options.js';
import { renderTable } from '../table.js';

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
