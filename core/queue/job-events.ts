import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import type { EventSink, SimianEvent } from '../events/event.js';
import type { FleetJobData } from './jobs.js';

/** Event types of queue health (the alert gateway watches `JobExhausted`). */
export const JOB_EVENT_TYPES = { failed: 'JobFailed', exhausted: 'JobExhausted' } as const;

/** Whether a failure was the job's last attempt: retries used up, or an error that is never retried. */
export function isFinalFailure(job: Job<FleetJobData>, error: Error): boolean {
  return error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
}

function jobEvent(job: Job<FleetJobData>, error: Error, type: string, final: boolean): SimianEvent {
  const data = job.data as Partial<Record<string, unknown>>;
  const group = typeof data.group === 'string' ? data.group : null;
  return {
    type,
    app: group ?? 'simian',
    desc: `job ${job.name} ${job.id} failed (attempt ${job.attemptsMade} of ${job.opts.attempts ?? 1}): ${error.message}`,
    monkey: (data.monkey as SimianEvent['monkey']) ?? null,
    dryRun: false,
    resource: null,
    group,
    region: typeof data.region === 'string' ? data.region : null,
    zone: null,
    account: typeof data.account === 'string' ? data.account : null,
    reason: error.message,
    jobId: job.id,
    jobName: job.name,
    attemptsMade: job.attemptsMade,
    attempts: job.opts.attempts ?? 1,
    final,
  };
}

/**
 * Records a failed job in the timeline and the log. A refusal is final but expected (info); a job that used up
 * its retries is an error and a `JobExhausted` event. Recording never throws: a broken sink must not stop the worker.
 */
export async function recordJobFailure(
  job: Job<FleetJobData>,
  error: Error,
  sink: EventSink,
  logger: Logger,
): Promise<void> {
  const final = isFinalFailure(job, error);
  const refused = error.name === 'UnrecoverableError';
  const exhausted = final && !refused;
  const fields = { jobId: job.id, job: job.name, attemptsMade: job.attemptsMade, reason: error.message };
  if (exhausted) logger.error(fields, 'job exhausted its retries');
  else if (refused) logger.info(fields, 'job refused, not retried');
  else logger.warn(fields, 'job failed, will be retried');
  try {
    await sink.record(jobEvent(job, error, JOB_EVENT_TYPES.failed, final));
    if (exhausted) await sink.record(jobEvent(job, error, JOB_EVENT_TYPES.exhausted, true));
  } catch (sinkError) {
    logger.error({ err: sinkError, jobId: job.id }, 'could not record the job failure in the timeline');
  }
}
