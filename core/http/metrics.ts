import { Gauge, Registry } from 'prom-client';
import type { RevertRecord } from '../actuator/revert-registry.js';
import type { CallCounter } from '../aws/call-counter.js';
import { EVENT_TYPES, type EventSink, type SimianEvent } from '../events/event.js';
import type { ChannelOutcome } from '../notify/alert.js';
import type { RunReport } from '../plan/action.js';
import type { FleetQueue } from '../queue/fleet-queue.js';
import type { FleetRunner } from '../queue/run-job.js';
import type { RedisClient } from '../redis/connection.js';
import type { KillSwitchState } from '../safety/kill-switch.js';
import { MemoryMetricsStore, type MetricsStore, RedisMetricsStore, scrapeRead } from './metrics-store.js';
import { StoredMetric } from './stored-metric.js';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/** What scrapes read live (each optional: a process without it reports none of its series). */
export interface MetricsSources {
  readonly queue?: FleetQueue;
  /** The connection the queue and the others use: while it does not answer, scrapes keep the last values. */
  readonly redis?: RedisClient;
  readonly killSwitch?: { status(): Promise<KillSwitchState> };
  readonly reverts?: { pending(): Promise<readonly RevertRecord[]> };
  /** The Redis key prefix (redis.prefix): with `redis`, counters are kept in Redis for the whole fleet. */
  readonly prefix?: string;
  /** The AWS clients' call counter (calls and throttles by operation). */
  readonly calls?: CallCounter;
  readonly now?: () => Date;
}

function runOutcome(report: RunReport): string {
  if (report.refused) return 'refused';
  if (report.summary.failed > 0) return 'failed';
  return report.dryRun ? 'dry-run' : 'done';
}

/** What grew since `before`, by key. */
function delta(now: Record<string, number>, before: Record<string, number>): [string, number][] {
  return Object.entries(now)
    .map(([key, value]): [string, number] => [key, value - (before[key] ?? 0)])
    .filter(([, grown]) => grown > 0);
}

/** Splits "EC2:DescribeInstances" into its labels. */
function operationLabels(key: string): { service: string; operation: string } {
  const [service = '', ...rest] = key.split(':');
  return { service, operation: rest.join(':') };
}

const DURATION_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * The fleet's Prometheus metrics: runs by monkey and outcome, actions by kind and status, skips by guard, findings
 * by rule and severity, run durations, AWS calls and throttles by operation, open and overdue reverts, the kill
 * switch, queue depth, and alert deliveries by channel and status.
 *
 * Counters and the duration histogram live in a MetricsStore: in Redis (given `redis` and `prefix`), so whichever
 * worker ran a job, any process's /metrics (the service's) shows it; else in this process. Gauges are read live.
 */
export class FleetMetrics {
  readonly registry = new Registry();
  private readonly store: MetricsStore;
  private readonly runs: StoredMetric;
  private readonly actions: StoredMetric;
  private readonly skips: StoredMetric;
  private readonly findings: StoredMetric;
  private readonly durations: StoredMetric;
  private readonly alertDeliveries: StoredMetric;
  private readonly alertFailures: StoredMetric;
  private readonly awsCalls: StoredMetric;
  private readonly awsThrottles: StoredMetric;
  private readonly calls: CallCounter | undefined;
  /** The call counter's totals already added to the store (the store holds the fleet's sum). */
  private flushedCalls: Record<string, number> = {};
  private flushedThrottles: Record<string, number> = {};

  constructor(source: MetricsSources = {}) {
    this.store =
      source.redis && source.prefix ? new RedisMetricsStore(source.redis, source.prefix) : new MemoryMetricsStore();
    this.calls = source.calls;
    const family = (name: string, help: string, type: 'counter' | 'histogram' = 'counter') =>
      new StoredMetric(this.store, name, help, type).registerIn(this.registry);
    this.runs = family('simian_runs_total', 'Monkey runs by outcome (done, failed, refused, dry-run)');
    this.actions = family('simian_actions_total', 'Actions by kind and status (planned, done, failed, reverted)');
    this.skips = family('simian_skips_total', 'Resources spared, by the guard that spared them');
    this.findings = family('simian_findings_total', 'Findings of report runs by rule and severity');
    this.durations = family(
      'simian_job_duration_seconds',
      'How long a fleet job ran (inventory, guards, actions), by monkey and outcome',
      'histogram',
    );
    this.alertDeliveries = family(
      'simian_alert_deliveries_total',
      'Alert deliveries by channel and status (sent, deduplicated, rate-limited, failed)',
    );
    this.alertFailures = family(
      'simian_alert_failures_total',
      'Alerts a channel finally did not get (failed or rate-limited), by channel',
    );
    this.awsCalls = family('simian_aws_calls_total', 'AWS API calls by service and operation');
    this.awsThrottles = family(
      'simian_aws_throttles_total',
      'AWS API calls that ended throttled (after the SDK retries), by service and operation',
    );
    this.liveSeries(source);
  }

  /** Series read at scrape time from their source. */
  private liveSeries(source: MetricsSources): void {
    const registers = [this.registry];
    const { queue, redis, killSwitch, reverts } = source;
    const now = source.now ?? (() => new Date());
    // Redis down: each read has a deadline, and a failed one leaves its series as it was.
    const read = <T>(step: () => Promise<T>) => scrapeRead(redis, step);
    if (queue) {
      new Gauge({
        name: 'simian_queue_jobs',
        help: 'Jobs in the fleet queue by state',
        labelNames: ['state'],
        registers,
        async collect() {
          const counts = await read(() => queue.getJobCounts(...QUEUE_STATES));
          if (!counts) return;
          for (const state of QUEUE_STATES) this.set({ state }, counts[state] ?? 0);
        },
      });
    }
    if (killSwitch) {
      new Gauge({
        name: 'simian_killswitch_on',
        help: 'The kill switch: 1 on (no new action starts), 0 off',
        registers,
        async collect() {
          const state = await read(() => killSwitch.status());
          if (state) this.set(state.on ? 1 : 0);
        },
      });
    }
    if (reverts) {
      new Gauge({
        name: 'simian_reverts',
        help: 'Open reverts: pending (registered, not yet applied) and overdue (past their deadline)',
        labelNames: ['state'],
        registers,
        async collect() {
          const open = await read(() => reverts.pending());
          if (!open) return;
          const at = now().getTime();
          this.set({ state: 'pending' }, open.length);
          this.set({ state: 'overdue' }, open.filter((r) => r.dueAt !== null && Date.parse(r.dueAt) < at).length);
        },
      });
    }
  }

  /** Counts one run's report (and how long it took): added to the store, where every process reads it. */
  async observe(report: RunReport, seconds?: number): Promise<void> {
    const outcome = runOutcome(report);
    await this.store.add([
      this.runs.inc({ monkey: report.monkey, outcome }),
      ...report.actions.map((action) => this.actions.inc({ kind: action.kind, status: action.status })),
      ...report.skipped.map((skip) => this.skips.inc({ guard: skip.guard })),
      ...(report.findings ?? []).map((finding) =>
        this.findings.inc({ rule: finding.rule, severity: finding.severity }),
      ),
      ...(seconds === undefined
        ? []
        : this.durations.observe({ monkey: report.monkey, outcome }, seconds, DURATION_BUCKETS)),
    ]);
  }

  /** A runner that counts every report it returns, how long it took, and the AWS calls it made. */
  wrap(runner: FleetRunner): FleetRunner {
    return async (request) => {
      const started = performance.now();
      const report = await runner(request);
      // Counting never fails a job: a store out of reach loses these counts, not the run.
      await Promise.all([this.observe(report, (performance.now() - started) / 1000), this.flushCalls()]).catch(
        () => undefined,
      );
      return report;
    };
  }

  /** Counts one event: alert deliveries are told by the gateway's Alert events. */
  async observeEvent(event: SimianEvent): Promise<void> {
    if (event.type !== EVENT_TYPES.alert || !Array.isArray(event.outcomes)) return;
    const outcomes = event.outcomes as ChannelOutcome[];
    await this.store.add([
      ...outcomes.map((outcome) => this.alertDeliveries.inc({ channel: outcome.channel, status: outcome.status })),
      ...outcomes
        .filter((outcome) => outcome.status === 'failed' || outcome.status === 'rate-limited')
        .map((outcome) => this.alertFailures.inc({ channel: outcome.channel })),
    ]);
  }

  /** A sink that counts each event it passes on (the alert gateway records through it). */
  counting<S extends EventSink>(sink: S): EventSink {
    return {
      record: async (event) => {
        await this.observeEvent(event).catch(() => undefined);
        await sink.record(event);
      },
    };
  }

  /**
   * Adds this process's AWS calls since the last flush to the store. The totals taken are marked flushed before
   * the write, so two flushes never add the same calls; a failed write gives them back for the next one.
   */
  async flushCalls(): Promise<void> {
    if (!this.calls) return;
    const calls = this.calls.snapshot();
    const throttles = this.calls.throttles();
    const increments = [
      ...delta(calls, this.flushedCalls).map(([key, value]) => this.awsCalls.inc(operationLabels(key), value)),
      ...delta(throttles, this.flushedThrottles).map(([key, value]) =>
        this.awsThrottles.inc(operationLabels(key), value),
      ),
    ];
    const [previousCalls, previousThrottles] = [this.flushedCalls, this.flushedThrottles];
    this.flushedCalls = calls;
    this.flushedThrottles = throttles;
    await this.store.add(increments).catch((error: unknown) => {
      this.flushedCalls = previousCalls;
      this.flushedThrottles = previousThrottles;
      throw error;
    });
  }

  /** The Prometheus text: this process's own AWS calls flushed first, then every family read. */
  async text(): Promise<string> {
    await this.flushCalls().catch(() => undefined);
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
