import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RevertRecord } from '../actuator/revert-registry.js';
import type { CallCounter } from '../aws/call-counter.js';
import { EVENT_TYPES, type EventSink, type SimianEvent } from '../events/event.js';
import type { ChannelOutcome } from '../notify/alert.js';
import type { RunReport } from '../plan/action.js';
import type { RedisClient } from '../queue/connection.js';
import type { FleetQueue } from '../queue/fleet-queue.js';
import type { FleetRunner } from '../queue/run-job.js';
import type { KillSwitchState } from '../safety/kill-switch.js';
import { safetyCall } from '../safety/redis-call.js';

/** How long a scrape waits for one Redis read. */
const SCRAPE_TIMEOUT_MS = 1000;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/** What scrapes read live (each optional: a process without it reports none of its series). */
export interface MetricsSources {
  readonly queue?: FleetQueue;
  /** The connection the queue and the others use: while it does not answer, scrapes keep the last values. */
  readonly redis?: RedisClient;
  readonly killSwitch?: { status(): Promise<KillSwitchState> };
  readonly reverts?: { pending(): Promise<readonly RevertRecord[]> };
  /** The AWS clients' call counter (calls and throttles by operation). */
  readonly calls?: CallCounter;
  readonly now?: () => Date;
}

function runOutcome(report: RunReport): string {
  if (report.refused) return 'refused';
  if (report.summary.failed > 0) return 'failed';
  return report.dryRun ? 'dry-run' : 'done';
}

/** Splits "EC2:DescribeInstances" into its labels. */
function operationLabels(key: string): { service: string; operation: string } {
  const [service = '', ...rest] = key.split(':');
  return { service, operation: rest.join(':') };
}

/**
 * The fleet's Prometheus metrics: runs by monkey and outcome, actions by kind and status, skips by guard, findings
 * by rule and severity, run durations, AWS calls and throttles by operation, open and overdue reverts, the kill
 * switch, queue depth, and alert deliveries by channel and status.
 */
export class FleetMetrics {
  readonly registry = new Registry();
  private readonly runs: Counter<'monkey' | 'outcome'>;
  private readonly actions: Counter<'kind' | 'status'>;
  private readonly skips: Counter<'guard'>;
  private readonly findings: Counter<'rule' | 'severity'>;
  private readonly durations: Histogram<'monkey' | 'outcome'>;
  private readonly alertDeliveries: Counter<'channel' | 'status'>;
  private readonly alertFailures: Counter<'channel'>;

  constructor(source: MetricsSources = {}) {
    const registers = [this.registry];
    this.runs = new Counter({
      name: 'simian_runs_total',
      help: 'Monkey runs by outcome (done, failed, refused, dry-run)',
      labelNames: ['monkey', 'outcome'],
      registers,
    });
    this.actions = new Counter({
      name: 'simian_actions_total',
      help: 'Actions by kind and status (planned, done, failed, reverted)',
      labelNames: ['kind', 'status'],
      registers,
    });
    this.skips = new Counter({
      name: 'simian_skips_total',
      help: 'Resources spared, by the guard that spared them',
      labelNames: ['guard'],
      registers,
    });
    this.findings = new Counter({
      name: 'simian_findings_total',
      help: 'Findings of report runs by rule and severity',
      labelNames: ['rule', 'severity'],
      registers,
    });
    this.durations = new Histogram({
      name: 'simian_job_duration_seconds',
      help: 'How long a fleet job ran (inventory, guards, actions), by monkey and outcome',
      labelNames: ['monkey', 'outcome'],
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.alertDeliveries = new Counter({
      name: 'simian_alert_deliveries_total',
      help: 'Alert deliveries by channel and status (sent, deduplicated, rate-limited, failed)',
      labelNames: ['channel', 'status'],
      registers,
    });
    this.alertFailures = new Counter({
      name: 'simian_alert_failures_total',
      help: 'Alerts a channel finally did not get (failed or rate-limited), by channel',
      labelNames: ['channel'],
      registers,
    });
    this.liveSeries(source);
  }

  /** Series read at scrape time from their source. */
  private liveSeries(source: MetricsSources): void {
    const registers = [this.registry];
    const { queue, redis, killSwitch, reverts, calls } = source;
    const now = source.now ?? (() => new Date());
    // Redis down: keep the last values rather than hang the scrape (commands wait for a reconnect), so each read
    // has a deadline and a failed one leaves its series as it was.
    const read = async <T>(step: () => Promise<T>): Promise<T | undefined> => {
      if (!redis) return step().catch(() => undefined);
      // Reconnecting: a command would sit in the offline queue; a first connect is worth the short wait.
      if (redis.status === 'reconnecting') return undefined;
      return safetyCall(redis, step, SCRAPE_TIMEOUT_MS).catch(() => undefined);
    };
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
    if (calls) {
      const fromCounter = (name: string, help: string, read: () => Record<string, number>) =>
        new Counter({
          name,
          help,
          labelNames: ['service', 'operation'],
          registers,
          collect() {
            // The call counter holds the running totals: copied as they are at each scrape.
            this.reset();
            for (const [key, value] of Object.entries(read())) this.inc(operationLabels(key), value);
          },
        });
      fromCounter('simian_aws_calls_total', 'AWS API calls by service and operation', () => calls.snapshot());
      fromCounter(
        'simian_aws_throttles_total',
        'AWS API calls that ended throttled (after the SDK retries), by service and operation',
        () => calls.throttles(),
      );
    }
  }

  /** Counts one run's report. */
  observe(report: RunReport, seconds?: number): void {
    const outcome = runOutcome(report);
    this.runs.inc({ monkey: report.monkey, outcome });
    for (const action of report.actions) this.actions.inc({ kind: action.kind, status: action.status });
    for (const skip of report.skipped) this.skips.inc({ guard: skip.guard });
    for (const finding of report.findings ?? []) this.findings.inc({ rule: finding.rule, severity: finding.severity });
    if (seconds !== undefined) this.durations.observe({ monkey: report.monkey, outcome }, seconds);
  }

  /** A runner that counts every report it returns, and how long it took. */
  wrap(runner: FleetRunner): FleetRunner {
    return async (request) => {
      const started = performance.now();
      const report = await runner(request);
      this.observe(report, (performance.now() - started) / 1000);
      return report;
    };
  }

  /** Counts one event: alert deliveries are told by the gateway's Alert events. */
  observeEvent(event: SimianEvent): void {
    if (event.type !== EVENT_TYPES.alert || !Array.isArray(event.outcomes)) return;
    for (const outcome of event.outcomes as ChannelOutcome[]) {
      this.alertDeliveries.inc({ channel: outcome.channel, status: outcome.status });
      if (outcome.status === 'failed' || outcome.status === 'rate-limited') {
        this.alertFailures.inc({ channel: outcome.channel });
      }
    }
  }

  /** A sink that counts each event it passes on (the alert gateway records through it). */
  counting<S extends EventSink>(sink: S): EventSink {
    return {
      record: async (event) => {
        this.observeEvent(event);
        await sink.record(event);
      },
    };
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
