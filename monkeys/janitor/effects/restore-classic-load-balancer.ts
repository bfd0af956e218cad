import type { HealthCheck, Listener } from '@aws-sdk/client-elastic-load-balancing';
import { asAws, janitorRestoreEffect, restoredTags, tagList } from './janitor-restore.js';
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
  permissions: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:ConfigureHealthCheck'],
  pacing: 'elasticloadbalancing:CreateLoadBalancer',
  async restoreOne(deletion, config, ctx) {
    const { ConfigureHealthCheckCommand, CreateLoadBalancerCommand } = await import(
      '@aws-sdk/client-elastic-load-balancing'
    );
    const elb = ctx.clients.elb(targetOf(deletion, ctx));
    const name = deletion.resource;
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
