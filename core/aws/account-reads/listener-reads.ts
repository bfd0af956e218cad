import type { Listener, Rule } from '@aws-sdk/client-elastic-load-balancing-v2';
import { collectPages } from '../resources/support.js';
import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

// What an ELBv2 balancer answers and where it forwards: its listeners, and each listener's rules.

const BALANCER_LISTENERS: AccountReadKind = {
  kind: 'balancer-listeners',
  service: 'ELBv2',
  permissions: ['elasticloadbalancing:DescribeListeners'],
};

/** Every listener of one ELBv2 balancer, with its default actions (DescribeListeners, paged). */
export function balancerListeners(balancerArn: string): AccountRead<Listener[]> {
  return accountRead(
    BALANCER_LISTENERS,
    async (clients, target) => {
      const { DescribeListenersCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
      const elbv2 = clients.elbv2(target);
      return collectPages(async (token) => {
        const page = await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: balancerArn, Marker: token }));
        return { items: page.Listeners, next: page.NextMarker };
      });
    },
    { name: `${BALANCER_LISTENERS.kind}:${balancerArn}` },
  );
}

const LISTENER_RULES: AccountReadKind = {
  kind: 'listener-rules',
  service: 'ELBv2',
  permissions: ['elasticloadbalancing:DescribeRules'],
};

/** Every rule of one listener, with its actions (DescribeRules, paged). */
export function listenerRules(listenerArn: string): AccountRead<Rule[]> {
  return accountRead(
    LISTENER_RULES,
    async (clients, target) => {
      const { DescribeRulesCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
      const elbv2 = clients.elbv2(target);
      return collectPages(async (token) => {
        const page = await elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn, Marker: token }));
        return { items: page.Rules, next: page.NextMarker };
      });
    },
    { name: `${LISTENER_RULES.kind}:${listenerArn}` },
  );
}

export const LISTENER_READ_KINDS: readonly AccountReadKind[] = [BALANCER_LISTENERS, LISTENER_RULES];
