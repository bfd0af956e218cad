/**
 * Pacing of AWS calls per API action, so that a big run stays under EC2's per-account token buckets instead of
 * leaning on SDK retries. This is the in-process pacer; a fleet of workers shares a Redis-backed one with the same
 * interface.
 */
export interface Pacer {
  /** Resolves when `count` tokens (API calls) of `apiAction` (e.g. "ec2:TerminateInstances") may be spent. */
  take(apiAction: string, count?: number): Promise<void>;
}

/** A token bucket: how many calls may burst, and how many tokens come back per second. */
export interface BucketSize {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/** EC2's documented bucket sizes (anchors.md); keys are "service:Action". */
export const EC2_BUCKETS: Readonly<Record<string, BucketSize>> = {
  'ec2:TerminateInstances': { capacity: 100, refillPerSecond: 5 },
  'ec2:RunInstances': { capacity: 5, refillPerSecond: 2 },
  'ec2:CreateTags': { capacity: 100, refillPerSecond: 10 },
  'ec2:DescribeInstances': { capacity: 50, refillPerSecond: 10 },
};

/** Any other mutating action (StopInstances, ModifyInstanceAttribute ...). */
export const MUTATING_BUCKET: BucketSize = { capacity: 50, refillPerSecond: 5 };
/** Describe*, Get*, List*. */
export const READ_BUCKET: BucketSize = { capacity: 100, refillPerSecond: 20 };

const READ_ACTION = /:(Describe|Get|List)/;

/** The bucket of one API action: an explicit size, else the read or mutating default. */
export function bucketFor(apiAction: string, overrides: Readonly<Record<string, BucketSize>> = {}): BucketSize {
  return (
    overrides[apiAction] ?? EC2_BUCKETS[apiAction] ?? (READ_ACTION.test(apiAction) ? READ_BUCKET : MUTATING_BUCKET)
  );
}

export interface TokenBucketPacerOptions {
  /** Bucket sizes that replace the EC2 defaults for some actions. */
  buckets?: Readonly<Record<string, BucketSize>>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface BucketState {
  tokens: number;
  updatedAt: number;
}

/**
 * One token bucket per API action, in this process. A take that finds too few tokens reserves them anyway (the
 * balance goes negative) and waits until the refill covers the debt, so concurrent callers queue fairly without a lock.
 */
export class TokenBucketPacer implements Pacer {
  private readonly states = new Map<string, BucketState>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: TokenBucketPacerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async take(apiAction: string, count = 1): Promise<void> {
    const size = bucketFor(apiAction, this.options.buckets);
    const now = this.now();
    const state = this.states.get(apiAction) ?? { tokens: size.capacity, updatedAt: now };
    const refilled = Math.min(size.capacity, state.tokens + ((now - state.updatedAt) / 1000) * size.refillPerSecond);
    // A request larger than the bucket could never be served whole; it waits for a full bucket instead.
    const tokens = refilled - Math.min(count, size.capacity);
    this.states.set(apiAction, { tokens, updatedAt: now });
    if (tokens < 0) await this.sleep((-tokens / size.refillPerSecond) * 1000);
  }
}

/** No pacing at all (tests against a local emulator, dry runs). */
export const unpaced: Pacer = { take: async () => {} };
