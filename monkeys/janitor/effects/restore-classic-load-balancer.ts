import type { HealthCheck, Listener } from '@aws-sdk/client-elastic-load-balancing';
import {
  asAws,
  createdSinceAsked,
  janitorRestoreEffect,
  noteCreating,
  restoredTags,
  tagList,
} from './janitor-restore.js';
import { targetOf } from './janitor-target.js';

/**
 * A classic load balancer the Janitor deleted, created again under its name with its listeners, subnets (or
 * zones), security groups, scheme, tags and health check. Its DNS name is new. Creating it again with the same
 * configuration is idempotent in AWS (a retry).
 */
export const restoreClassicLoadBalancer = janitorRestoreEffect({
  kind: 'restore-classic-load-balancer',
  type: 'classic-load-balancer',
  description: "Create a deleted classic load balancer again from its configuration in the Janitor's record",
  permissions: [
    'elasticloadbalancing:CreateLoadBalancer',
    'elasticloadbalancing:ConfigureHealthCheck',
    'elasticloadbalancing:DescribeLoadBalancers',
  ],
  pacing: 'elasticloadbalancing:CreateLoadBalancer',
  async restoreOne(deletion, config, ctx) {
    const { ConfigureHealthCheckCommand, CreateLoadBalancerCommand, DescribeLoadBalancersCommand } = await import(
      '@aws-sdk/client-elastic-load-balancing'
    );
    if (!ctx.records)
      throw new Error("the Janitor's record of deletions (Redis) is not available: nothing is restored");
    const elb = ctx.clients.elb(targetOf(deletion, ctx));
    const name = deletion.resource;
    const asked = await noteCreating(ctx.records, deletion);
    const made = await elb.send(
      new CreateLoadBalancerCommand({
        LoadBalancerName: name,
        Listeners: config.listeners.map((listener) => asAws<Listener>(listener)),
        ...(config.subnets.length > 0 ? { Subnets: config.subnets } : { AvailabilityZones: config.availabilityZones }),
        ...(config.securityGroups.length > 0 ? { SecurityGroups: config.securityGroups } : {}),
        ...(config.scheme === 'internal' ? { Scheme: 'internal' } : {}),
        Tags: tagList(restoredTags(config.tags, name)),
      }),
    );
    // AWS answers CreateLoadBalancer with an existing balancer of that name and settings: only one it says was
    // created since the restore first asked is this restore's to configure.
    const described = await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: [name] }));
    if (!createdSinceAsked(asked, described.LoadBalancerDescriptions?.[0]?.CreatedTime))
      throw new Error(
        `a classic load balancer named ${name} exists already, and the Janitor's record does not say a restore made it: its health check is left as it is, nothing restored`,
      );
    if (config.healthCheck) {
      await elb.send(
        new ConfigureHealthCheckCommand({
          LoadBalancerName: name,
          HealthCheck: asAws<HealthCheck>(config.healthCheck),
        }),
      );
    }
    return made.DNSName ? `${name} (${made.DNSName})` : name;
  },
});
