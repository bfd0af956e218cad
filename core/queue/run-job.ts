import { UnrecoverableError } from 'bullmq';
import type { MonkeyName } from '../config/schema.js';
import { InputError, RefusedError } from '../errors.js';
import type { RunReport } from '../plan/action.js';

/** What a worker asks the pipeline to run: one schedule entry, optionally aimed at one group (a planned run). */
export interface FleetRunRequest {
  readonly scheduleId: string;
  readonly monkey: MonkeyName;
  readonly group?: string;
  readonly account?: string;
  readonly region?: string;
  /** The job id, so the run's events can be traced back to the job. */
  readonly jobId: string;
  readonly attempt: number;
}

/** Runs one monkey once through the whole pipeline (inventory, opt-in, guards re-checked now, actuator). */
export type FleetRunner = (request: FleetRunRequest) => Promise<RunReport>;

/**
 * Runs the request and turns its report into a job outcome. A guard refusal or bad input is unrecoverable: a
 * refused kill must never be retried into happening. A failed action is retried (the actuator is idempotent).
 */
export async function runFleetJob(runner: FleetRunner, request: FleetRunRequest): Promise<RunReport> {
  let report: RunReport;
  try {
    report = await runner(request);
  } catch (error) {
    if (error instanceof RefusedError || error instanceof InputError) throw new UnrecoverableError(error.message);
    throw error;
  }
  if (report.refused) {
    throw new UnrecoverableError(`refused by guard ${report.refused.guard}: ${report.refused.reason}`);
  }
  if (report.summary.failed > 0) {
    const failed = report.actions.filter((action) => action.status === 'failed');
    throw new Error(
      `${report.summary.failed} action(s) failed: ${failed.map((a) => `${a.kind} ${a.resource} (${a.reason ?? 'no reason'})`).join('; ')}`,
    );
  }
  return report;
}
