import type { Redis } from 'ioredis';
import { systemClock } from '../core/clock.js';
import { Tracker } from '../core/safety/tracker.js';
import { MOTO_ACCOUNT } from './accounts.js';
import type { Comparison } from './comparison.js';
import { timed } from './measure.js';

export interface TrackerBenchOptions {
  /** Groups contested one after the other; each starts with no kills. */
  readonly groups: number;
  /** Kill attempts on one group, all in flight at once, spread over the connections. */
  readonly attemptsPerGroup: number;
  /** maxPerDayPerGroup. */
  readonly limit: number;
}

/** Decides one kill attempt on one group: true = admitted. */
type Admit = (connection: Redis, group: string, resource: string) => Promise<boolean>;

/** Contests every group in turn and counts, per group, how many kills were admitted. */
async function contest(connections: readonly Redis[], options: TrackerBenchOptions, admit: Admit) {
  const admitted: number[] = [];
  for (let group = 0; group < options.groups; group += 1) {
    const decisions = await Promise.all(
      Array.from({ length: options.attemptsPerGroup }, (_, attempt) =>
        admit(connections[attempt % connections.length] as Redis, `group-${group}`, `i-${group}-${attempt}`),
      ),
    );
    admitted.push(decisions.filter(Boolean).length);
  }
  return admitted;
}

/**
 * N concurrent kill attempts per group through the tracker (check and record in one Lua step) against a naive
 * read-then-write of a counter from the same connections: how many kills each lets past the daily limit, and how
 * many attempts per second each decides.
 */
export async function benchTracker(connections: readonly Redis[], options: TrackerBenchOptions): Promise<Comparison> {
  const prefix = `bench-${Date.now().toString(36)}`;
  const trackers = new Map(
    connections.map((redis) => [redis, new Tracker({ redis, prefix, clock: systemClock, timeZone: 'UTC' })]),
  );
  const tracked: Admit = async (redis, group, resource) => {
    const decision = await (trackers.get(redis) as Tracker).checkAndRecordKill({
      account: MOTO_ACCOUNT,
      region: 'us-east-1',
      group,
      resource,
      runId: `run-${resource}`,
      maxPerDay: options.limit,
      record: true,
    });
    return decision.allowed;
  };
  const naive: Admit = async (redis, group) => {
    const key = `${prefix}:naive:${group}`;
    const kills = Number((await redis.get(key)) ?? 0);
    if (kills >= options.limit) return false;
    await redis.set(key, String(kills + 1));
    return true;
  };
  // A few unmeasured groups first (under other names): connections, script loading and the JIT warm up for both.
  const warmUp = { ...options, groups: Math.min(options.groups, 10) };
  await contest(connections, warmUp, (redis, group, resource) => tracked(redis, `warm-${group}`, resource));
  await contest(connections, warmUp, (redis, group, resource) => naive(redis, `warm-${group}`, resource));

  const ours = await timed(() => contest(connections, options, tracked));
  const baseline = await timed(() => contest(connections, options, naive));

  const attempts = options.groups * options.attemptsPerGroup;
  const overLimit = (admitted: number[]) => admitted.reduce((sum, n) => sum + Math.max(0, n - options.limit), 0);
  const groupsOver = (admitted: number[]) => admitted.filter((n) => n > options.limit).length;
  const underLimit = ours.value.filter((n) => n !== options.limit).length;
  if (underLimit > 0)
    throw new Error(`the tracker admitted other than ${options.limit} kills in ${underLimit} group(s)`);
  return {
    title: `Kill tracker: ${options.attemptsPerGroup} concurrent attempts per group, limit ${options.limit}`,
    rows: [
      {
        metric: 'kills admitted over the limit',
        ours: overLimit(ours.value),
        baseline: overLimit(baseline.value),
        unit: '',
        better: 'lower',
      },
      {
        metric: `groups over the limit (of ${options.groups})`,
        ours: groupsOver(ours.value),
        baseline: groupsOver(baseline.value),
        unit: '',
        better: 'lower',
      },
      {
        metric: 'attempts decided per second',
        ours: attempts / (ours.ms / 1000),
        baseline: attempts / (baseline.ms / 1000),
        unit: '/s',
        better: 'higher',
      },
    ],
    notes: [
      `ours: Tracker.checkAndRecordKill (one Lua step), ${connections.length} connections, ${options.groups} groups in turn`,
      'baseline: GET the group counter, then SET it one higher when under the limit, from the same connections',
      `most admitted in one group: ours ${Math.max(...ours.value)}, baseline ${Math.max(...baseline.value)}`,
      'the baseline runs plain GET/SET, no script; all its GETs of one contest answer before any SET lands, hence the over-admission',
    ],
  };
}
