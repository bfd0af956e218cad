import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';

/** What Conformity's prepare step reads beyond the snapshot. */
export interface ConformityObserved {
  /** Cross-zone load balancing per classic balancer name and network/gateway balancer ARN (ALBs: always on). */
  readonly crossZone: Readonly<Record<string, boolean>>;
}

/** Reads every balancer's cross-zone attribute (the declared `balancerCrossZone` read). */
export async function readConformityObserved(clients: AwsClients, target: AwsTarget): Promise<ConformityObserved> {
  const { balancerCrossZone } = await import('../../core/aws/account-reads/balancer-cross-zone.js');
  return { crossZone: await balancerCrossZone.read(clients, target) };
}
