import { AccountReadCache, serviceQuota } from '../../core/aws/account-reads/index.js';
import { describeAwsFailure } from '../../core/aws/aws-failure.js';
import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';
import type { LimitDefinition, LimitSource } from './limits.js';

/** A limit source that gave no value, and why (kept in the finding, so a missing permission is visible). */
export interface Unavailable {
  readonly source: LimitSource;
  readonly reason: string;
}

/** One limit as Howler read it: what is in use, its value and where that came from. */
export interface ObservedLimit {
  readonly id: string;
  readonly usage: number;
  readonly limit: number;
  readonly source: LimitSource;
  /** The sources asked before the one used, which gave nothing. */
  readonly unavailable: readonly Unavailable[];
}

export interface HowlerObserved {
  readonly limits: readonly ObservedLimit[];
}

function reasonOf(error: unknown): string {
  const failure = describeAwsFailure(error);
  if (failure) return failure;
  if (!(error instanceof Error)) return String(error);
  return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
}

/**
 * The limit's value from the first source that tells it: Service Quotas, then the service's API, then the
 * documented default. A source that fails (no permission, not offered in the region) is noted and skipped; the
 * default always answers.
 */
async function limitOf(definition: LimitDefinition, reads: AccountReadCache) {
  const unavailable: Unavailable[] = [];
  const asks: Array<[LimitSource, () => Promise<number | undefined>]> = [
    ['service-quotas', () => reads.get(serviceQuota(definition.serviceCode, definition.quotaCode, definition.global))],
  ];
  const api = definition.api;
  if (api) asks.push(['api', () => api.read(reads)]);
  for (const [source, ask] of asks) {
    try {
      const value = await ask();
      if (value !== undefined) return { limit: value, source, unavailable };
      unavailable.push({ source, reason: 'no value in the answer' });
    } catch (error) {
      unavailable.push({ source, reason: reasonOf(error) });
    }
  }
  return { limit: definition.default, source: 'default' as const, unavailable };
}

/**
 * Howler's read-only step: for each limit, usage and limit, all limits at once. A usage that cannot be counted
 * fails the run (a report that says "0 in use" because a call failed would lie).
 */
export async function observeLimits(
  definitions: readonly LimitDefinition[],
  clients: AwsClients,
  target: AwsTarget,
): Promise<HowlerObserved> {
  const reads = new AccountReadCache(clients, target);
  const limits = await Promise.all(
    definitions.map(async (definition): Promise<ObservedLimit> => {
      const [usage, found] = await Promise.all([definition.usage(reads), limitOf(definition, reads)]);
      return { id: definition.id, usage, ...found };
    }),
  );
  return { limits };
}
