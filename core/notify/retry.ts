import type { AlertMessage } from './alert.js';
import { type Channel, PermanentDeliveryError } from './channels/channel.js';

export interface RetryPolicy {
  /** Tries in all (1 = no retry). */
  attempts: number;
  /** First backoff (ms); doubles per retry up to maxBackoff, full jitter. */
  backoff: number;
  maxBackoff: number;
  /** Deadline of each try (ms). */
  timeout: number;
  /** Deadline of all tries and waits together (ms). */
  budget: number;
}

export interface DeliveryResult {
  attempts: number;
  /** Why the last try failed; absent when delivered. */
  error?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Delivers with bounded retries: at most `attempts` tries, each within `timeout`, waiting a random time up to
 * min(maxBackoff, backoff·2^n) between them, all within `budget`. A permanent failure is not retried. Never throws.
 */
export async function deliverWithRetries(
  channel: Channel,
  message: AlertMessage,
  policy: RetryPolicy,
  random: () => number = Math.random,
): Promise<DeliveryResult> {
  const deadline = Date.now() + policy.budget;
  let error = 'not tried';
  for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
    const timeout = Math.max(1, Math.min(policy.timeout, deadline - Date.now()));
    try {
      await channel.deliver(message, AbortSignal.timeout(timeout));
      return { attempts: attempt };
    } catch (caught) {
      error = describe(caught, timeout);
      if (caught instanceof PermanentDeliveryError || attempt === policy.attempts) return { attempts: attempt, error };
      const wait = random() * Math.min(policy.maxBackoff, policy.backoff * 2 ** (attempt - 1));
      // No time left for another try: the last error stands.
      if (Date.now() + wait >= deadline) return { attempts: attempt, error };
      await sleep(wait);
    }
  }
  return { attempts: policy.attempts, error };
}

function describe(error: unknown, timeout: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeout} ms`;
  }
  return error instanceof Error ? error.message : String(error);
}
