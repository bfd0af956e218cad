import { type AwsClients, type AwsTarget, GLOBAL_REGION } from '../clients.js';
import type { AccountRead } from './account-read.js';

/**
 * Account reads for one account and region, each made at most once (two figures that share an answer, such as Auto
 * Scaling's DescribeAccountLimits, pay for one call); a global read goes to GLOBAL_REGION.
 */
export class AccountReadCache {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    private readonly clients: AwsClients,
    private readonly target: AwsTarget,
  ) {}

  get<Value>(read: AccountRead<Value>): Promise<Value> {
    let pending = this.memo.get(read.name) as Promise<Value> | undefined;
    if (!pending) {
      pending = read.read(this.clients, read.global ? { ...this.target, region: GLOBAL_REGION } : this.target);
      this.memo.set(read.name, pending);
    }
    return pending;
  }
}
