import { describeAwsFailure } from '../../core/aws/aws-failure.js';
import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';

/**
 * What SSM says of the region's managed instances: each registered agent's ping status (Online, ConnectionLost,
 * Inactive), or why SSM could not say (moto has no DescribeInstanceInformation; a policy may not allow it).
 * Reachability is feasibility, not safety: when unknown, the run goes on and each command's own status tells.
 */
export type SsmReach =
  | { readonly known: true; readonly agents: ReadonlyMap<string, string> }
  | { readonly known: false; readonly reason: string };

/** Reads every managed instance's ping status of the region (the declared `ssmAgents` read). */
export async function readSsmReach(clients: AwsClients, target: AwsTarget): Promise<SsmReach> {
  // Loaded on use: the registry imports every monkey, `simian --help` included.
  const { ssmAgents } = await import('../../core/aws/account-reads/ssm-agents.js');
  try {
    return { known: true, agents: await ssmAgents.read(clients, target) };
  } catch (error) {
    const said = describeAwsFailure(error) ?? `SSM DescribeInstanceInformation failed: ${(error as Error).message}`;
    return { known: false, reason: said.slice(0, 200) };
  }
}

/** Why SSM cannot run a command on this instance, or null when it can (or when SSM could not say). */
export function unreachableBySsm(reach: SsmReach | undefined, instanceId: string): string | null {
  if (!reach?.known) return null;
  const ping = reach.agents.get(instanceId);
  if (ping === undefined) return 'not managed by SSM (no agent registered)';
  return ping === 'Online' ? null : `SSM agent is ${ping}`;
}
