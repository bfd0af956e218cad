import type { Redis } from 'ioredis';
import { Counter, Gauge, Registry } from 'prom-client';
import type { RunReport } from '../plan/action.js';
import type { FleetQueue } from '../queue/fleet-queue.js';
import type { FleetRunner } from '../queue/run-job.js';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/** The fleet's Prometheus metrics: runs, actions by kind and status, skips by guard, queue depth. */
export class FleetMetrics {
  readonly registry = new Registry();
  private readonly runs: Counter<'monkey' | 'outcome'>;
  private readonly actions: Counter<'kind' | 'status'>;
  private readonly skips: Counter<'guard'>;

  /** With a queue (and its Redis connection), scrapes also report the queue's depth. */
  constructor(source?: { readonly queue: FleetQueue; readonly redis: Redis }) {
    this.runs = new Counter({
      name: 'simian_runs_total',
      help: 'Monkey runs by outcome (done, failed, refused, dry-run)',
      labelNames: ['monkey', 'outcome'],
      registers: [this.registry],
    });
    this.actions = new Counter({
      name: 'simian_actions_total',
      help: 'Actions by kind and status (planned, done, failed, reverted)',
      labelNames: ['kind', 'status'],
      registers: [this.registry],
    });
    this.skips = new Counter({
      name: 'simian_skips_total',
      help: 'Resources spared, by the guard that spared them',
      labelNames: ['guard'],
      registers: [this.registry],
    });
    if (source) {
      const { queue, redis } = source;
      new Gauge({
        name: 'simian_queue_jobs',
        help: 'Jobs in the fleet queue by state',
        labelNames: ['state'],
        registers: [this.registry],
        async collect() {
          // Redis down: keep the last values rather than hang the scrape (commands wait for a reconnect).
          if (redis.status !== 'ready') return;
          const counts = await queue.getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) this.set({ state }, counts[state] ?? 0);
        },
      });
    }
  }

  /** Counts one run's report. */
  observe(report: RunReport): void {
    const outcome = report.refused
      ? 'refused'
      : report.summary.failed > 0
        ? 'failed'
        : report.dryRun
          ? 'dry-run'
          : 'done';
    this.runs.inc({ monkey: report.monkey, outcome });
    for (const action of report.actions) this.actions.inc({ kind: action.kind, status: action.status });
    for (const skip of report.skipped) this.skips.inc({ guard: skip.guard });
  }

  /** A runner that counts every report it returns. */
  wrap(runner: FleetRunner): FleetRunner {
    return async (request) => {
      const report = await runner(request);
      this.observe(report);
      return report;
    };
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
