import type { RedisClient } from '../redis/connection.js';
import { safetyCall } from '../redis/redis-call.js';

/** One sample's increment: the metric family, the sample's suffix (`_bucket`, `_sum` …), its labels and the amount. */
export interface SampleIncrement {
  readonly metric: string;
  readonly suffix?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A stored sample: its suffix and labels, and the running total. */
export interface StoredSample {
  readonly suffix: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Where the fleet's counters live: every process adds to them, any process reads the totals. */
export interface MetricsStore {
  add(increments: readonly SampleIncrement[]): Promise<void>;
  /** Every sample of one family; undefined when the store cannot be read now (keep the last values). */
  read(metric: string): Promise<StoredSample[] | undefined>;
}

/** How long a scrape waits for one Redis read. */
export const SCRAPE_TIMEOUT_MS = 1000;

/**
 * One read for a scrape: undefined (keep the last values) rather than a hung scrape while Redis is out of reach,
 * since commands wait for a reconnect. Without Redis the step is simply run.
 */
export async function scrapeRead<T>(redis: RedisClient | undefined, step: () => Promise<T>): Promise<T | undefined> {
  if (!redis) return step().catch(() => undefined);
  // Reconnecting: a command would sit in the offline queue; a first connect is worth the short wait.
  if (redis.status === 'reconnecting') return undefined;
  return safetyCall(redis, step, SCRAPE_TIMEOUT_MS).catch(() => undefined);
}

/** A sample's field in its family's hash: suffix and labels in the order a family always gives them. */
function fieldOf(increment: SampleIncrement): string {
  return JSON.stringify([increment.suffix ?? '', Object.entries(increment.labels)]);
}

function sampleOf(field: string, value: string | number): StoredSample | undefined {
  try {
    const [suffix, labels] = JSON.parse(field) as [string, [string, string][]];
    return { suffix, labels: Object.fromEntries(labels), value: Number(value) };
  } catch {
    return undefined;
  }
}

/** Increments of the same sample added up, so one job writes each sample once. */
function merged(increments: readonly SampleIncrement[]): Map<string, Map<string, number>> {
  const byMetric = new Map<string, Map<string, number>>();
  for (const increment of increments) {
    const fields = byMetric.get(increment.metric) ?? new Map<string, number>();
    const field = fieldOf(increment);
    fields.set(field, (fields.get(field) ?? 0) + increment.value);
    byMetric.set(increment.metric, fields);
  }
  return byMetric;
}

/**
 * The counters in Redis, one hash per family (`<prefix>:metrics:<name>`, HINCRBYFLOAT per sample): whichever worker
 * ran a job, the service's /metrics shows it, and the totals outlive every process (a counter never goes back).
 */
export class RedisMetricsStore implements MetricsStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async add(increments: readonly SampleIncrement[]): Promise<void> {
    if (increments.length === 0) return;
    const batch = this.redis.multi();
    for (const [metric, fields] of merged(increments)) {
      for (const [field, value] of fields) batch.hincrbyfloat(this.key(metric), field, value);
    }
    await safetyCall(this.redis, () => batch.exec(), SCRAPE_TIMEOUT_MS);
  }

  async read(metric: string): Promise<StoredSample[] | undefined> {
    const hash = await scrapeRead(this.redis, () => this.redis.hgetall(this.key(metric)));
    if (!hash) return undefined;
    return Object.entries(hash).flatMap(([field, value]) => sampleOf(field, value) ?? []);
  }

  private key(metric: string): string {
    return `${this.prefix}:metrics:${metric}`;
  }
}

/** The counters of one process alone (no Redis): a CLI run, a test. */
export class MemoryMetricsStore implements MetricsStore {
  private readonly metrics = new Map<string, Map<string, number>>();

  async add(increments: readonly SampleIncrement[]): Promise<void> {
    for (const [metric, fields] of merged(increments)) {
      const stored = this.metrics.get(metric) ?? new Map<string, number>();
      for (const [field, value] of fields) stored.set(field, (stored.get(field) ?? 0) + value);
      this.metrics.set(metric, stored);
    }
  }

  async read(metric: string): Promise<StoredSample[]> {
    return [...(this.metrics.get(metric) ?? [])].flatMap(([field, value]) => sampleOf(field, value) ?? []);
  }
}
