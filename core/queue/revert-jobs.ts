import type { FleetQueue } from './fleet-queue.js';
import { jobId } from './job-id.js';
import { JOB_NAMES } from './jobs.js';

/** A revert the registry holds: its id and when it is due. */
export interface PendingRevert {
  readonly id: string;
  readonly dueAt: Date;
}

/** What the worker needs of the revert registry (the actuator's Redis registry implements it). */
export interface RevertSource {
  /** Every revert registered and not yet applied. */
  pending(): Promise<readonly PendingRevert[]>;
  /**
   * Applies one revert, from its job; applying one already applied is a no-op, and one its job left mid-way (the
   * worker was killed) is taken over. Throws RevertBusyError while another applier holds it.
   */
  apply(id: string): Promise<void>;
  /**
   * Applies every open revert due by `before`, whatever became of its job (a worker's sweep); answers how many were
   * undone now. Absent: this source is not swept.
   */
  sweep?(before: Date): Promise<number>;
}

/** Another applier (a person's `simian revert`, the dashboard) holds the revert until `until`: try again then. */
export class RevertBusyError extends Error {
  constructor(
    readonly until: Date,
    message: string,
  ) {
    super(message);
    this.name = 'RevertBusyError';
  }
}

/** The revert job's id, derived from the revert id: registering or reconciling twice adds one job. */
export function revertJobId(revertId: string): string {
  return jobId('revert', revertId);
}

/**
 * Adds the delayed job that runs a revert at its deadline. BullMQ runs an overdue delayed job as soon as any
 * worker is up, so a revert due while every worker was down runs when the first one comes back.
 */
export async function scheduleRevertJob(queue: FleetQueue, revert: PendingRevert, now: Date): Promise<void> {
  await queue.add(
    JOB_NAMES.revert,
    { revertId: revert.id, dueAt: revert.dueAt.toISOString() },
    { jobId: revertJobId(revert.id), delay: Math.max(0, revert.dueAt.getTime() - now.getTime()) },
  );
}

/**
 * The hook the actuator calls after registering a revert (it knows nothing of BullMQ): the revert becomes a
 * delayed job at its deadline.
 */
export function revertJobHook(queue: FleetQueue, now: () => Date): (revert: PendingRevert) => Promise<void> {
  return (revert) => scheduleRevertJob(queue, revert, now());
}

/**
 * Gives every pending revert its job (a crash between registering and enqueueing leaves none); overdue ones run at
 * once. Safe to run from every worker at every start: job ids are deterministic.
 */
export async function reconcileReverts(queue: FleetQueue, reverts: RevertSource, now: Date): Promise<number> {
  const pending = await reverts.pending();
  for (const revert of pending) {
    const existing = await queue.getJob(revertJobId(revert.id));
    const state = existing ? await existing.getState() : undefined;
    // A completed or failed job of a revert still pending means it must run again (e.g. its AWS call failed).
    if (existing && (state === 'completed' || state === 'failed')) await existing.remove();
    await scheduleRevertJob(queue, revert, now);
  }
  return pending.length;
}
