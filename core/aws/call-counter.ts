/** Counts AWS API calls per service and operation ("EC2:DescribeInstances"); tests and benchmarks read it. */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  record(service: string, operation: string): void {
    const key = `${service}:${operation}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
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
  }
}
