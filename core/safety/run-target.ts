import type { AwsTarget } from '../aws/clients.js';
import type { RunContext } from './guard.js';

/** The AWS target of a run in one region: its account, through the role the config gives that account. */
export function runTarget(run: RunContext, region: string = run.region): AwsTarget {
  const roleArn = run.config.accounts.find((account) => account.id === run.account.id)?.roleArn;
  return { region, account: run.account.id, ...(roleArn ? { roleArn } : {}) };
}
