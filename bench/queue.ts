import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { globalConfigSchema } from '../core/config/schema.js';
import { MemoryEventSink } from '../core/events/event.js';
import type { DailyPlanDeps } from '../core/queue/daily-plan-job.js';
import { defaultJobOptions } from '../core/queue/fleet-queue.js';
import { JOB_NAMES, type MonkeyJobData } from '../core/queue/jobs.js';
import type { FleetRunner } from '../core/queue/run-job.js';
import { startFleetWorker } from '../core/queue/worker.js';
import type { Comparison } from './comparison.js';

export interface QueueBenchOptions {
  readonly redisUrl: string;
  /** No-op jobs pushed through each side for the throughput figure, split into rounds. */
  readonly jobs: number;
  /** Alternating rounds (ours first, then raw first, ...); the figure is each side's median round. */
  readonly rounds: number;
  /** The steady rate and duration of the dispatch latency figure. */
  readonly ratePerSecond: number;
  readonly seconds: number;
}

/** A monkey run that does nothing: what is measured is the job path around it (dispatch, report, summary). */
const noOpRun: FleetRunner = async (request) => ({
  monkey: request.monkey,
  dryRun: true,
  target: {},
  actions: [],
  skipped: [],
  summary: { planned: 0, done: 0, failed: 0, skipped: 0 },
});

interface Side {
  readonly queue: Queue;
  /** Resolves when `count` jobs have completed since the last call. */
  completed(count: number): Promise<void>;
  close(): Promise<void>;
}

function countCompletions(worker: Worker): (count: number) => Promise<void> {
  let done = 0;
  let waiting: { target: number; resolve: () => void } | undefined;
  worker.on('completed', () => {
    done += 1;
    if (waiting && done >= waiting.target) waiting.resolve();
  });
  return (count) => {
    const target = done + count;
    return new Promise<void>((resolve) => {
      if (done >= target) resolve();
      else waiting = { target, resolve };
    });
  };
}

/** simian's worker (startFleetWorker, the fleet's defaults) taking monkey jobs. */
function simianSide(redisUrl: string, name: string): Side {
  const config = globalConfigSchema.parse({ fleet: { queue: name }, redis: { prefix: 'bench-queue' } });
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queueConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(name, {
    connection: queueConnection,
    prefix: config.redis.prefix,
    defaultJobOptions: defaultJobOptions(config.fleet),
  });
  const fleet = startFleetWorker({
    config,
    connection,
    logger: pino({ level: 'silent' }),
    events: new MemoryEventSink(),
    run: noOpRun,
    reverts: { pending: async () => [], apply: async () => undefined },
    dailyPlan: {} as DailyPlanDeps,
  });
  const completed = countCompletions(fleet.worker);
  return {
    queue,
    completed,
    close: async () => {
      await fleet.close(5000);
      await queue.close();
      connection.disconnect();
      queueConnection.disconnect();
    },
  };
}

/** A raw BullMQ worker with an empty processor, same concurrency and job options. */
function rawSide(redisUrl: string, name: string): Side {
  const config = globalConfigSchema.parse({});
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queueConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(name, {
    connection: queueConnection,
    prefix: 'bench-queue',
    defaultJobOptions: defaultJobOptions(config.fleet),
  });
  // The same worker options as startFleetWorker's, so that only the job path around the processor differs.
  const worker = new Worker(name, async (_job: Job) => ({}), {
    connection,
    prefix: 'bench-queue',
    concurrency: config.fleet.concurrency,
    lockDuration: config.fleet.lockDuration,
    stalledInterval: config.fleet.stalledInterval,
    maxStalledCount: config.fleet.maxStalledCount,
  });
  const completed = countCompletions(worker);
  return {
    queue,
    completed,
    close: async () => {
      await worker.close();
      await queue.close();
      connection.disconnect();
      queueConnection.disconnect();
    },
  };
}

const jobData = (index: number): MonkeyJobData => ({ scheduleId: `bench-${index}`, monkey: 'chaos' });

async function throughput(side: Side, jobs: number): Promise<number> {
  const done = side.completed(jobs);
  const start = performance.now();
  await side.queue.addBulk(
    Array.from({ length: jobs }, (_, index) => ({ name: JOB_NAMES.monkey, data: jobData(index) })),
  );
  await done;
  return jobs / ((performance.now() - start) / 1000);
}

function p99(latencies: number[]): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The processedOn − timestamp of each job, in ms (BullMQ's own stamps, one clock). */
async function dispatchLatencies(side: Side, ids: readonly string[]): Promise<number[]> {
  const latencies: number[] = [];
  for (const id of ids) {
    const job = await side.queue.getJob(id);
    if (job?.processedOn) latencies.push(job.processedOn - job.timestamp);
  }
  return latencies;
}

/**
 * p99 dispatch latency of both sides at a steady rate, side by side: each tick adds one job to each queue, so both
 * workers see the same moment's machine load.
 */
async function dispatchP99(sides: readonly [Side, Side], rate: number, seconds: number): Promise<[number, number]> {
  const total = rate * seconds;
  const done = sides.map((side) => side.completed(total));
  const ids: [string[], string[]] = [[], []];
  const start = performance.now();
  for (let index = 0; index < total; index++) {
    const due = start + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // Alternate which side is added first, so neither is always second.
    const order = index % 2 === 0 ? [0, 1] : [1, 0];
    const jobs = await Promise.all(order.map((at) => (sides[at] as Side).queue.add(JOB_NAMES.monkey, jobData(index))));
    for (const [position, at] of order.entries()) ids[at as 0 | 1].push(String(jobs[position]?.id));
  }
  await Promise.all(done);
  const [ours, raw] = await Promise.all(sides.map((side, at) => dispatchLatencies(side, ids[at as 0 | 1])));
  return [p99(ours as number[]), p99(raw as number[])];
}

/** simian's job path against a raw BullMQ worker on the same Redis, side by side in one run. */
export async function benchQueue(options: QueueBenchOptions): Promise<Comparison> {
  const stamp = Date.now().toString(36);
  const ours = simianSide(options.redisUrl, `ours-${stamp}`);
  const raw = rawSide(options.redisUrl, `raw-${stamp}`);
  try {
    // Warm both (scripts loaded, connections up), then alternate rounds so both see the same machine; each figure is
    // the median of its rounds (one round on a shared machine can be off by 2x either way).
    // Enough warm-up jobs for the JIT: rounds after a 100-job warm-up still sped up 3x one after the other.
    await throughput(ours, 500);
    await throughput(raw, 500);
    const ourRates: number[] = [];
    const rawRates: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const perRound = Math.ceil(options.jobs / options.rounds);
      if (round % 2 === 0) {
        ourRates.push(await throughput(ours, perRound));
        rawRates.push(await throughput(raw, perRound));
      } else {
        rawRates.push(await throughput(raw, perRound));
        ourRates.push(await throughput(ours, perRound));
      }
    }
    const ourRate = median(ourRates);
    const rawRate = median(rawRates);
    const [ourP99, rawP99] = await dispatchP99([ours, raw], options.ratePerSecond, options.seconds);
    return {
      title: `Queue: ${options.jobs.toLocaleString('en-US')} no-op jobs in ${options.rounds} rounds, then ${options.ratePerSecond} jobs/s for ${options.seconds} s`,
      rows: [
        {
          metric: 'throughput',
          ours: Math.round(ourRate),
          baseline: Math.round(rawRate),
          unit: 'jobs/s',
          better: 'higher',
        },
        { metric: 'dispatch p99', ours: ourP99, baseline: rawP99, unit: 'ms', better: 'lower' },
      ],
      notes: [
        "ours: simian's worker (startFleetWorker: monkey jobs through runFleetJob, the fleet's default concurrency and job options) with a no-op run; baseline: a raw BullMQ Worker with an empty processor, same Redis, same queue and worker options.",
        `throughput: the median of ${options.rounds} alternating rounds per side (${ourRates.map(Math.round).join(', ')} vs ${rawRates.map(Math.round).join(', ')} jobs/s).`,
        'dispatch: processedOn − timestamp of each job, both stamped by BullMQ on the same clock; both sides at once, one job to each per tick.',
      ],
    };
  } finally {
    await Promise.all([ours.close(), raw.close()]);
  }
}
