import type { Histogram, Metric } from 'prom-client';
import type { MetricsStore, SampleIncrement, StoredSample } from './metrics-store.js';

type Labels = Readonly<Record<string, string>>;

/** Within one label set: buckets by bound (+Inf last), then _sum, then _count; plain samples first. */
function rank(sample: StoredSample): number {
  if (sample.suffix === '_bucket') return sample.labels.le === '+Inf' ? 1e300 : Number(sample.labels.le);
  return sample.suffix === '' ? Number.NEGATIVE_INFINITY : sample.suffix === '_sum' ? 1e301 : 1e302;
}

function seriesKey(sample: StoredSample): string {
  const { le: _le, ...labels } = sample.labels;
  return JSON.stringify(Object.entries(labels).sort());
}

/**
 * A counter or histogram family whose samples live in a MetricsStore: read at each scrape (the last values kept
 * while the store cannot answer) and shown in prom-client's registry beside the live gauges.
 */
export class StoredMetric {
  readonly aggregator = 'sum';
  private last: StoredSample[] = [];

  constructor(
    private readonly store: MetricsStore,
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
  ) {}

  /** Registers this family in a prom-client registry (which formats it as it formats its own). */
  registerIn(registry: { registerMetric(metric: Metric): void }): this {
    // prom-client formats any object with name, help, type and get(); its typings list only its own classes.
    registry.registerMetric(this as unknown as Histogram);
    return this;
  }

  async get() {
    const samples = await this.store.read(this.name);
    if (samples) {
      this.last = samples.sort((a, b) => seriesKey(a).localeCompare(seriesKey(b)) || rank(a) - rank(b));
    }
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: this.last.map((sample) => ({
        labels: sample.labels,
        value: sample.value,
        metricName: `${this.name}${sample.suffix}`,
      })),
    };
  }

  reset(): void {
    this.last = [];
  }

  /** One increment of a counter sample. */
  inc(labels: Labels, value = 1): SampleIncrement {
    return { metric: this.name, labels, value };
  }

  /** One observation of a histogram: every bucket (1 where it fits, 0 elsewhere, so each exists), sum and count. */
  observe(labels: Labels, value: number, buckets: readonly number[]): SampleIncrement[] {
    const bucket = (le: string, fits: boolean): SampleIncrement => ({
      metric: this.name,
      suffix: '_bucket',
      labels: { ...labels, le },
      value: fits ? 1 : 0,
    });
    return [
      ...buckets.map((bound) => bucket(String(bound), value <= bound)),
      bucket('+Inf', true),
      { metric: this.name, suffix: '_sum', labels, value },
      { metric: this.name, suffix: '_count', labels, value: 1 },
    ];
  }
}
