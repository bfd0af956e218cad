import { defineRule } from '../shared/report-rules.js';
import { groupHit, recordsOf } from '../shared/report-subjects.js';

const sameZones = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((zone) => b.includes(zone));

/**
 * The zones of a group and of each load balancer it serves must be the same (SimianArmy SameZonesInElbAndAsg):
 * instances in a zone the balancer does not serve get no traffic; a zone the group lacks gets traffic it cannot
 * answer without cross-zone balancing. ELBv2 balancers are found through the group's target groups.
 */
export const asgLbZoneMismatch = defineRule({
  id: 'asg-lb-zone-mismatch',
  severity: 'warning',
  summary: 'Auto Scaling groups whose zones differ from those of their load balancers',
  reads: ['auto-scaling-group', 'classic-load-balancer', 'load-balancer', 'target-group'],
  settings: {},
  check: ({ snapshot }) => {
    const classic = new Map(
      recordsOf(snapshot, 'classic-load-balancer').map((lb) => [lb.id, [...(lb.raw.AvailabilityZones ?? [])]]),
    );
    const elbv2 = new Map(
      recordsOf(snapshot, 'load-balancer').map((lb) => [
        lb.id,
        { name: lb.name ?? lb.id, zones: (lb.raw.AvailabilityZones ?? []).flatMap((az) => az.ZoneName ?? []) },
      ]),
    );
    const balancersOf = new Map(
      recordsOf(snapshot, 'target-group').map((tg) => [tg.id, [...(tg.raw.LoadBalancerArns ?? [])]]),
    );
    return snapshot.groups.flatMap((group) => {
      const balancers = [
        ...(group.loadBalancerNames ?? []).flatMap((name) => {
          const zones = classic.get(name);
          return zones ? [{ name, zones }] : [];
        }),
        ...(group.targetGroupArns ?? [])
          .flatMap((arn) => balancersOf.get(arn) ?? [])
          .flatMap((arn) => elbv2.get(arn) ?? []),
      ];
      const seen = new Set<string>();
      const mismatched = balancers.filter((lb) => {
        if (seen.has(lb.name)) return false;
        seen.add(lb.name);
        return !sameZones(group.zones, lb.zones);
      });
      if (mismatched.length === 0) return [];
      const described = mismatched.map((lb) => `${lb.name} serves ${[...lb.zones].sort().join(', ')}`).join('; ');
      return [
        groupHit(
          group,
          `group ${group.name} runs in ${group.zones.join(', ')} but load balancer ${described}: give both the same zones`,
          { zones: group.zones, loadBalancers: mismatched.map((lb) => ({ name: lb.name, zones: lb.zones })) },
        ),
      ];
    });
  },
});
