/** Error names AWS uses when it throttles a caller. */
const THROTTLE_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'SlowDown',
]);

/** Whether an SDK error says AWS throttled the call. */
export function isThrottle(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return THROTTLE_NAMES.has(name ?? '') || $metadata?.httpStatusCode === 429;
}

/**
 * Counts AWS API calls per service and operation ("EC2:DescribeInstances"), and the calls that ended throttled
 * (after the SDK's own retries); tests, benchmarks and /metrics read it.
 */
export class CallCounter {
  private readonly counts = new Map<string, number>();
  private readonly throttled = new Map<string, number>();

  record(service: string, operation: string): void {
    const key = `${service}:${operation}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  recordThrottle(service: string, operation: string): void {
    const key = `${service}:${operation}`;
    this.throttled.set(key, (this.throttled.get(key) ?? 0) + 1);
  }

  /** Throttled calls by "Service:Operation". */
  throttles(): Record<string, number> {
    return Object.fromEntries([...this.throttled].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Calls of one operation ("DescribeInstances") or of one "Service:Operation" key. */
  count(operation: string): number {
    if (operation.includes(':')) return this.counts.get(operation) ?? 0;
    let total = 0;
    for (const [key, value] of this.counts) if (key.endsWith(`:${operation}`)) total += value;
    return total;
  }

  total(): number {
    let sum = 0;
    for (const value of this.counts.values()) sum += value;
    return sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
    this.throttled.clear();
  }
}
