import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';

/** What the entries point at in the sandbox: Kong's weighted records. */
export interface DemoTargets {
  readonly kongRecords: readonly { hostedZoneId: string; name: string; type: string }[];
}

/**
 * What each monkey's demo schedule entry says beyond its id and monkey: fault and janitor monkeys armed (the sandbox
 * is moto), each every minute (its first run is queued at once), so that a tour of a minute or two shows every
 * monkey at work. Janitor counts days from 0 so that today's unused resources are marked at once.
 */
function demoEntry(monkey: string, targets: DemoTargets): string {
  const records = targets.kongRecords
    .map((record) => `\n        - { hostedZoneId: ${record.hostedZoneId}, name: ${record.name}, type: ${record.type} }`)
    .join('');
  const entries: Record<string, string> = {
    chaos: 'armed: true\n    every: 1m\n    select:\n      - names: ["*-prod"]',
    // A zone belongs to one region: this entry runs in us-east-1 only, demo-gorilla-west in us-west-2.
    gorilla: gorillaEntry('us-east-1', 'us-east-1b'),
    kong: `every: 1m\n    params:\n      duration: 1m\n      records:${records}`,
    latency: 'armed: true\n    every: 1m\n    params:\n      delay: 200ms\n      duration: 1m',
    doctor: 'armed: true\n    every: 1m',
    circus: 'armed: true\n    every: 1m',
    janitor: [
      'armed: true',
      'every: 1m',
      'params:',
      '  retentionDays: 0',
      '  noticeDays: 0',
      '  rules:',
      '    unused-image: { days: 0 }',
      '    detached-volume: { days: 0 }',
      '    unused-snapshot: { days: 0 }',
      '    unassociated-elastic-ip: { days: 0 }',
    ].join('\n    '),
  };
  // A monkey this table does not know (a report monkey, say) runs every minute with its defaults.
  return entries[monkey] ?? 'every: 1m';
}

/** Gorilla in one region, taking out one of its zones (a zone of another region would fail every run). */
function gorillaEntry(region: string, zone: string): string {
  return `armed: true\n    every: 1m\n    regions: [${region}]\n    params:\n      zone: ${zone}\n      mode: exclude\n      duration: 1m`;
}

/** Entries a monkey has beyond its first (demo-<monkey>), each with its own id. */
const MORE_ENTRIES: Readonly<Record<string, readonly { id: string; entry: string }[]>> = {
  gorilla: [{ id: 'demo-gorilla-west', entry: gorillaEntry('us-west-2', 'us-west-2b') }],
};

export interface DemoFleetConfig {
  readonly dir: string;
  readonly configPath: string;
  /** The calendar window the day is compressed into (UTC). */
  readonly window: { readonly start: string; readonly end: string };
}

/**
 * Writes the fleet's config into `dir`: the sandbox account, armed, a calendar window open from this minute for
 * `minutes` (UTC, today's weekday), and one schedule entry per monkey. The window is the demo's compressed working
 * day: Chaos's daily plan spreads its kills over it, and every guard (calendar included) is on.
 */
export function writeDemoFleetConfig(
  dir: string,
  monkeys: readonly string[],
  now: Date,
  minutes: number,
  port: number,
  targets: DemoTargets,
): DemoFleetConfig {
  const start = DateTime.fromJSDate(now, { zone: 'UTC' }).startOf('minute');
  // The window must end the same day; a tour started just before midnight gets what is left of it.
  const end = DateTime.min(start.plus({ minutes: Math.max(2, minutes) }), start.endOf('day'));
  const window = { start: start.toFormat('HH:mm'), end: end.toFormat('HH:mm') };
  const weekday = start.toFormat('ccc').toLowerCase();
  mkdirSync(join(dir, 'schedules'), { recursive: true });
  const configPath = join(dir, 'simian.yaml');
  writeFileSync(
    configPath,
    [
      '# The demo fleet: the sandbox account (a local moto), armed, its working day compressed into a few minutes.',
      'armed: true',
      'regions: [us-east-1, us-west-2]',
      'accounts:',
      '  - id: "123456789012"',
      '    alias: sandbox',
      'allowlist:',
      '  accounts: ["123456789012"]',
      'calendar:',
      '  timezone: UTC',
      `  days: [${weekday}]`,
      `  start: "${window.start}"`,
      `  end: "${window.end}"`,
      'caps:',
      '  maxPerRun: 10',
      '  maxPercentPerGroup: 100',
      '  minHealthy: 1',
      '  maxPerDayPerGroup: 5',
      '  minTimeBetweenKills: 10s',
      'fleet:',
      `  dailyPlanAt: "${window.start}"`,
      'http:',
      `  port: ${port}`,
      '  token: demo-token-0123456789',
      '',
    ].join('\n'),
  );
  for (const monkey of monkeys) {
    const entries = [{ id: `demo-${monkey}`, entry: demoEntry(monkey, targets) }, ...(MORE_ENTRIES[monkey] ?? [])];
    writeFileSync(
      join(dir, 'schedules', `${monkey}.yaml`),
      `schedules:\n${entries.map(({ id, entry }) => `  - id: ${id}\n    monkey: ${monkey}\n    ${entry}\n`).join('')}`,
    );
  }
  return { dir, configPath, window };
}
