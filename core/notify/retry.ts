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
}

export interface DeliveryResult {
  attempts: number;
  /** Why the last try failed; absent when delivered. */
  error?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Delivers with bounded retries: at most `attempts` tries, each within `timeout`, waiting a random time up to
 * min(maxBackoff, backoff·2^n) between them. A permanent failure is not retried. Never throws.
 */
export async function deliverWithRetries(
  channel: Channel,
  message: AlertMessage,
  policy: RetryPolicy,
  random: () => number = Math.random,
): Promise<DeliveryResult> {
  let error = 'not tried';
  for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
    try {
      await channel.deliver(message, AbortSignal.timeout(policy.timeout));
      return { attempts: attempt };
    } catch (caught) {
      error = describe(caught, policy.timeout);
      if (caught instanceof PermanentDeliveryError || attempt === policy.attempts) return { attempts: attempt, error };
      await sleep(random() * Math.min(policy.maxBackoff, policy.backoff * 2 ** (attempt - 1)));
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
