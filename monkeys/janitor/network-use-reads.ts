import type { NetworkInterface } from '@aws-sdk/client-ec2';
import type { Action as ListenerAction, LoadBalancer, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { balancerListeners, listenerRules, routeTables } from '../../core/aws/account-reads/index.js';
import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';
import { mapLimit } from '../../core/aws/resources/support.js';
import type { ResourceRecord } from '../../core/aws/resources/types.js';
import { type FoundUse, IN_FLIGHT, readOrDoubt, type Unreadable } from './use-reads.js';

/** Target group ARNs an ELBv2 action sends to (its own, and every group of a weighted forward). */
function forwardedTo(action: ListenerAction): string[] {
  const weighted = (action.ForwardConfig?.TargetGroups ?? []).flatMap((group) => group.TargetGroupArn ?? []);
  return [...(action.TargetGroupArn ? [action.TargetGroupArn] : []), ...weighted];
}

/**
 * Every target group any listener of any listed balancer names: its default actions and every one of its rules,
 * whatever the default does (a listener that redirects by default may still forward on a path). One DescribeListeners
 * per balancer, one DescribeRules per listener. A balancer whose listeners could not be read leaves every target
 * group in doubt (any of them may be its).
 */
export async function targetGroupForwards(
  clients: AwsClients,
  target: AwsTarget,
  balancers: readonly ResourceRecord<LoadBalancer>[],
  groups: readonly ResourceRecord<TargetGroup>[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  if (groups.length === 0) return [];
  const doubt = groups.map((group) => group.id);
  const found = await mapLimit(balancers, IN_FLIGHT, (balancer) =>
    readOrDoubt(`the listeners and rules of ${balancer.name ?? balancer.id}`, doubt, unreadable, [], async () => {
      const uses: FoundUse[] = [];
      const listeners = await balancerListeners(balancer.id).read(clients, target);
      for (const listener of listeners) {
        const by = `listener ${listener.Protocol ?? 'listener'}:${listener.Port ?? '?'} of ${balancer.name ?? balancer.id}`;
        for (const action of listener.DefaultActions ?? []) {
          for (const id of forwardedTo(action)) uses.push({ id, by });
        }
        if (!listener.ListenerArn) continue;
        const rules = await listenerRules(listener.ListenerArn).read(clients, target);
        for (const rule of rules) {
          for (const action of rule.Actions ?? []) {
            for (const id of forwardedTo(action)) uses.push({ id, by: `rule ${rule.Priority ?? '?'} of ${by}` });
          }
        }
      }
      return uses;
    }),
  );
  return found.flat();
}

/**
 * Every route that sends traffic to a network interface (DescribeRouteTables, 100 a page): a detached interface a
 * route names is a blackhole waiting for its instance, not litter. A failed read leaves every interface in doubt.
 */
export async function interfaceRoutes(
  clients: AwsClients,
  target: AwsTarget,
  interfaces: readonly ResourceRecord<NetworkInterface>[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  const detached = interfaces.filter((eni) => eni.raw.Status === 'available').map((eni) => eni.id);
  if (detached.length === 0) return [];
  return readOrDoubt('route tables', detached, unreadable, [], async () => {
    const tables = await routeTables.read(clients, target);
    return tables.flatMap((table) =>
      (table.Routes ?? []).flatMap((route) => {
        if (!route.NetworkInterfaceId) return [];
        const destination =
          route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId;
        return [{ id: route.NetworkInterfaceId, by: `route table ${table.RouteTableId} (${destination} goes to it)` }];
      }),
    );
  });
}
