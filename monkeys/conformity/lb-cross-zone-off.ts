import { observingRule } from '../shared/report-rules.js';
import { recordsOf } from '../shared/report-subjects.js';
import type { ConformityObserved } from './observed.js';

/**
 * Without cross-zone balancing each zone's nodes send only to that zone's instances: a zone with fewer healthy
 * instances overloads them (SimianArmy CrossZoneLoadBalancing). Classic, network and gateway balancers; AWS keeps
 * it always on for application load balancers, so they are not read (moto reports them off).
 */
export const lbCrossZoneOff = observingRule<ConformityObserved>()({
  id: 'lb-cross-zone-off',
  severity: 'warning',
  summary: 'classic, network and gateway load balancers without cross-zone load balancing',
  reads: ['classic-load-balancer', 'load-balancer'],
  settings: {},
  check: ({ snapshot, observed }) =>
    [
      ...recordsOf(snapshot, 'classic-load-balancer').map((lb) => ({ lb, type: 'classic-load-balancer' as const })),
      ...recordsOf(snapshot, 'load-balancer').map((lb) => ({ lb, type: 'load-balancer' as const })),
    ].flatMap(({ lb, type }) => {
      if (observed.crossZone[lb.id] !== false) return [];
      const name = lb.name ?? lb.id;
      return [
        {
          resource: lb.id,
          resourceType: type,
          name,
          tags: lb.tags,
          reason: `load balancer ${name} has cross-zone load balancing off: a zone with fewer healthy instances gets as much traffic as the others (turn it on)`,
        },
      ];
    }),
});
