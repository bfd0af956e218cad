import { type RevertRecord, RevertRegistry } from '../../core/actuator/revert-registry.js';
import { EVENT_TYPES } from '../../core/events/event.js';
import { RedisTimeline } from '../../core/events/timeline.js';
import { JOB_NAMES } from '../../core/queue/jobs.js';
import { instanceStates } from './armed-faults.js';
import type { Losses, TortureContext } from './scenario.js';
import type { ChaosJobs } from './worker-kill.js';

/** What became of the stop faults of a run of chaos jobs and of their reverts. */
export interface RevertFigures {
  readonly plannedRuns: number;
  readonly registered: number;
  readonly applied: number;
  /** Instances stopped by more than one StopInstances: a double action. */
  readonly doubleStops: number;
  /** Reverts recorded as done (the instance was stopped, and started) more than once: a double revert. */
  readonly doubleReverts: number;
  /** StartInstances sent again after a kill between the call and its record: found the instance running. */
  readonly resent: number;
}

const poll = () => new Promise((resolve) => setTimeout(resolve, 50));

/** The planned runs of `jobs` that completed. */
export async function completedPlannedRuns(jobs: ChaosJobs): Promise<number> {
  const completed = await jobs.queue.getJobs(['completed'], 0, -1);
  return completed.filter((job) => job.name === JOB_NAMES.plannedRun).length;
}

/** How many reverts of `jobs` are still open (pending, being applied, or failed). */
export async function openReverts(jobs: ChaosJobs): Promise<number> {
  return (await new RevertRegistry(jobs.redis, { prefix: jobs.prefix }).pending()).length;
}

/** Waits until every planned run completed and no revert is open (or `timeoutMs` passed: the check reports it). */
export async function allReverted(jobs: ChaosJobs, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await openReverts(jobs)) === 0 && (await completedPlannedRuns(jobs)) === jobs.groups) return;
    await poll();
  }
}

/** Every revert the run of `jobs` registered (from the timeline), as the registry holds it now. */
export async function revertRecords(jobs: ChaosJobs): Promise<RevertRecord[]> {
  const timeline = new RedisTimeline(jobs.redis, { prefix: jobs.prefix });
  const registry = new RevertRegistry(jobs.redis, { prefix: jobs.prefix });
  const registered = await timeline.query({ type: EVENT_TYPES.revertRegistered, limit: 100_000 });
  const ids = [...new Set(registered.map((event) => String(event.revertId)))];
  const records = await Promise.all(ids.map((id) => registry.get(id)));
  return records.filter((record): record is RevertRecord => record !== null);
}

/**
 * Chaos stop faults, one per group, each with its revert: every planned run completed, one revert registered per
 * instance, each applied (closed in the registry, recorded done once, the instance running again), and no instance
 * stopped twice.
 */
export async function checkStopReverts(
  context: TortureContext,
  jobs: ChaosJobs,
  losses: Losses,
): Promise<RevertFigures> {
  const plannedRuns = await completedPlannedRuns(jobs);
  losses.expect(plannedRuns === jobs.groups, `${plannedRuns} of ${jobs.groups} planned runs completed`);
  const timeline = new RedisTimeline(jobs.redis, { prefix: jobs.prefix });
  const records = await revertRecords(jobs);
  const open = records.filter((record) => record.status !== 'done');
  losses.expect(records.length === jobs.groups, `${records.length} reverts registered, ${jobs.groups} expected`);
  losses.expect(
    open.length === 0,
    `reverts not applied: ${open.map((record) => `${record.id} (${record.status})`).join(', ')}`,
  );
  const reverts = await timeline.query({ type: EVENT_TYPES.revert, limit: 100_000 });
  const doneTimes = new Map<string, number>();
  for (const event of reverts.filter((event) => event.status === 'done')) {
    doneTimes.set(String(event.revertId), (doneTimes.get(String(event.revertId)) ?? 0) + 1);
  }
  const doubleReverts = [...doneTimes].filter(([, count]) => count > 1);
  losses.expect(doubleReverts.length === 0, `reverts done twice: ${doubleReverts.map(([id]) => id).join(', ')}`);
  const states = await instanceStates(context.clients, jobs.region);
  const down = jobs.instanceIds.filter((id) => !['running', 'pending'].includes(states.get(id) ?? ''));
  losses.expect(down.length === 0, `instances not started again: ${down.map((id) => `${id} ${states.get(id)}`)}`);
  const { StopInstances: stops, StartInstances: starts } = jobs.proxy.figures.instanceCalls;
  const doubleStops = [...stops].filter(([, count]) => count > 1);
  // Which runs stopped it, and how (a redelivered job records a second action; a resent call does not).
  const actions = await timeline.query({ type: EVENT_TYPES.action, limit: 100_000 });
  const how = (id: string) =>
    actions
      .filter((event) => event.resource === id)
      .map((event) => `${event.runId} at ${event.timestamp}: ${event.desc}`)
      .join(' / ');
  losses.expect(
    doubleStops.length === 0,
    `instances stopped twice: ${doubleStops.map(([id, n]) => `${id} ×${n} (${how(id)})`).join(', ')}`,
  );
  const neverStopped = jobs.instanceIds.filter((id) => !stops.has(id));
  losses.expect(neverStopped.length === 0, `opted-in instances never stopped: ${neverStopped.join(', ')}`);
  return {
    plannedRuns,
    registered: records.length,
    applied: records.length - open.length,
    doubleStops: doubleStops.length,
    doubleReverts: doubleReverts.length,
    resent: [...starts.values()].reduce((sum, count) => sum + count - 1, 0),
  };
}
