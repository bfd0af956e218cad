// The action kinds are registered by the monkeys that declare them.
import '../../monkeys/index.js';
import { readdir, readFile } from 'node:fs/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkActionGuards, checkRunGuards } from '../../core/actuator/guard-checks.js';
import { fixedClock } from '../../core/clock.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { buildGuards, chainPhase, GUARD_CHAIN } from '../../core/safety/chain.js';
import type { RunGuard } from '../../core/safety/guard.js';
import { GUARD_NAMES, isGuardName } from '../../core/safety/guard-name.js';
import { KillSwitch } from '../../core/safety/kill-switch.js';
import type { SeededFleet } from '../../core/sandbox/seed.js';
import { testClients, testRedis, uniquePrefix } from '../support/env.js';
import { seedDefaultFleet, seededGroup } from '../support/fleet.js';
import { configWith, runContext, scheduleEntry, terminateAction } from './run-context.js';

const clients = testClients();
const redis = testRedis();
const logger = pino({ level: 'silent' });
// Tuesday 10:00 in Los Angeles: inside the default window.
const clock = fixedClock('2026-12-01T18:00:00Z');
let fleet: SeededFleet;

beforeAll(async () => {
  fleet = await seedDefaultFleet(clients, {
    zones: ['us-east-1a'],
    groups: [{ name: 'web-prod', tags: { 'simian:chaos': 'enabled' }, instancesPerZone: 3 }],
    loose: { count: 0 },
    volumes: {},
    snapshots: 0,
  });
});
afterAll(async () => {
  clients.destroy();
  await redis.quit();
});

function scheduledRun(dryRun: boolean) {
  const config = configWith({ redis: { prefix: uniquePrefix('chain') } });
  return runContext({ config, dryRun, entry: scheduleEntry({ armed: !dryRun }) });
}

describe('the guard chain', () => {
  it('is one ordered list: the start of the run, the run guards, before each action, before each batch', () => {
    expect(GUARD_CHAIN.map((step) => `${step.phase} ${step.guard}`)).toEqual([
      'start armed',
      'start account',
      'start redis',
      'start concurrent-run',
      'run account',
      'run region',
      'run calendar',
      'run stop-condition',
      'action concurrent-run',
      'action kill-switch',
      'action opt-in',
      'action caps',
      'action at-once',
      'action tracker',
      'batch opt-in',
      'batch reach',
      'batch kill-switch',
    ]);
  });

  it('builds the run and action guards in chain order (the lease guard is put first by the run)', () => {
    const guards = buildGuards({ clients, redis, events: new MemoryEventSink(), clock, logger });
    expect(guards.run.map((guard) => guard.name)).toEqual(chainPhase('run'));
    expect(['concurrent-run', ...guards.action.map((guard) => guard.name)]).toEqual(chainPhase('action'));
  });

  it('names only known guards, each in docs/safety.md', async () => {
    const doc = await readFile(new URL('../../docs/safety.md', import.meta.url), 'utf8');
    const documented = new Set([...doc.matchAll(/^\| `([a-z-]+)` \|/gm)].map((match) => match[1]));
    for (const step of GUARD_CHAIN) expect(GUARD_NAMES).toContain(step.guard);
    expect(GUARD_NAMES.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('knows every guard name written in the code as a literal (core/ and monkeys/)', async () => {
    const root = new URL('../../', import.meta.url);
    const written = new Set<string>();
    for (const folder of ['core/', 'monkeys/']) {
      const files = (await readdir(new URL(folder, root), { recursive: true })).filter((file) => file.endsWith('.ts'));
      for (const file of files) {
        const text = await readFile(new URL(`${folder}${file}`, root), 'utf8');
        for (const match of text.matchAll(/guard: '([a-z-]+)'/g)) written.add(match[1] as string);
      }
    }
    expect(written.size).toBeGreaterThan(5);
    expect([...written].filter((name) => !isGuardName(name))).toEqual([]);
  });
});

describe('buildGuards', () => {
  it('builds the guards in their fixed order', () => {
    const guards = buildGuards({ clients, redis, events: new MemoryEventSink(), clock, logger });
    expect(guards.run.map((guard) => guard.name)).toEqual(['account', 'region', 'calendar', 'stop-condition']);
    expect(guards.action.map((guard) => guard.name)).toEqual(['kill-switch', 'opt-in', 'caps', 'at-once', 'tracker']);
  });

  it('gives a report run the account and region guards only: no calendar, no Redis, no action guards', () => {
    const guards = buildGuards(
      { clients, redis: null, events: new MemoryEventSink(), clock, logger },
      { kind: 'report' },
    );
    expect(guards.run.map((guard) => guard.name)).toEqual(['account', 'region']);
    expect(guards.action).toEqual([]);
  });

  it('lets a valid armed action through every guard, and the tracker records it', async () => {
    const guards = buildGuards({ clients, redis, events: new MemoryEventSink(), clock, logger });
    const run = scheduledRun(false);
    const instance = seededGroup(fleet, 'web-prod').instanceIds[0] as string;
    expect(await checkRunGuards(guards.run, run)).toBeNull();
    const action = terminateAction(instance, 'web-prod');
    expect(await checkActionGuards(guards.action, action, run)).toBeNull();
    const other = terminateAction(seededGroup(fleet, 'web-prod').instanceIds[1] as string, 'web-prod');
    // A second run today in the same group meets the tracker's daily cap (1 by default).
    const next = buildGuards({ clients, redis, events: new MemoryEventSink(), clock, logger });
    expect(await checkActionGuards(next.action, other, { ...run, runId: 'run-2' })).toMatchObject({
      allow: false,
      guard: 'tracker',
    });
  });

  it('stops at the kill switch before any AWS call', async () => {
    const events = new MemoryEventSink();
    const guards = buildGuards({ clients, redis, events, clock, logger });
    const run = scheduledRun(false);
    await new KillSwitch({ redis, prefix: run.config.redis.prefix, events, clock }).set(true, 'alice', 'incident');
    const before = clients.counter.total();
    const verdict = await checkActionGuards(guards.action, terminateAction('i-0abc', 'web-prod'), run);
    expect(verdict).toMatchObject({ allow: false, guard: 'kill-switch', scope: 'run' });
    expect(clients.counter.total()).toBe(before);
  });

  it('without Redis, keeps the opt-in and caps checks, refuses an armed run and notes a dry run', async () => {
    const guards = buildGuards({ clients, redis: null, events: new MemoryEventSink(), clock, logger });
    const instance = seededGroup(fleet, 'web-prod').instanceIds[0] as string;
    const action = terminateAction(instance, 'web-prod');
    expect(await checkActionGuards(guards.action, action, scheduledRun(false))).toEqual({
      allow: false,
      guard: 'kill-switch',
      scope: 'run',
      reason: 'kill switch state unknown: no Redis connection',
    });
    const notes: string[] = [];
    const dry = await checkActionGuards(guards.action, action, scheduledRun(true), (guard, note) =>
      notes.push(`${guard}: ${note}`),
    );
    expect(dry).toBeNull();
    expect(notes).toEqual([
      'kill-switch: kill switch state unknown: no Redis connection',
      'tracker: kill tracker state unknown: no Redis connection',
    ]);
    const elsewhere = terminateAction(instance, 'other-group');
    expect(await checkActionGuards(guards.action, elsewhere, scheduledRun(true))).toMatchObject({
      allow: false,
      guard: 'opt-in',
    });
  });

  it('refuses when a guard cannot decide', async () => {
    const broken: RunGuard = {
      name: 'stop-condition',
      check: async () => {
        throw new Error('boom');
      },
    };
    expect(await checkRunGuards([broken], scheduledRun(true))).toEqual({
      allow: false,
      guard: 'stop-condition',
      scope: 'run',
      reason: 'could not be checked: boom',
    });
  });

  it('collects the notes of guards that let a manual dry run through', async () => {
    const saturday = fixedClock('2026-11-28T18:00:00Z');
    const guards = buildGuards({ clients, redis, events: new MemoryEventSink(), clock: saturday, logger });
    const notes: string[] = [];
    const verdict = await checkRunGuards(guards.run, runContext(), (guard, note) => notes.push(`${guard}: ${note}`));
    expect(verdict).toBeNull();
    expect(notes).toEqual([expect.stringMatching(/^calendar: outside the chaos window/)]);
  });
});
