import type { IpPermission } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { defineRule } from './report-rules.js';
import { recordsOf } from './report-subjects.js';

/** SSH, RDP, MySQL, PostgreSQL, Redis, Elasticsearch, MongoDB. */
export const SENSITIVE_PORTS = [22, 3389, 3306, 5432, 6379, 9200, 27017] as const;
const ANYWHERE = ['0.0.0.0/0', '::/0'];

/** The configured ports one inbound permission opens (all of them for protocol -1, "all traffic"). */
function portsOpened(permission: IpPermission, ports: readonly number[]): number[] {
  const protocol = permission.IpProtocol ?? '';
  if (protocol === '-1') return [...ports];
  if (!['tcp', 'udp', '6', '17'].includes(protocol)) return [];
  const from = permission.FromPort ?? 0;
  const to = permission.ToPort ?? 65535;
  return ports.filter((port) => port >= from && port <= to);
}

function openSources(permission: IpPermission): string[] {
  const cidrs = [
    ...(permission.IpRanges ?? []).map((range) => range.CidrIp ?? ''),
    ...(permission.Ipv6Ranges ?? []).map((range) => range.CidrIpv6 ?? ''),
  ];
  return cidrs.filter((cidr) => ANYWHERE.includes(cidr));
}

/**
 * Security groups that let the whole internet (0.0.0.0/0 or ::/0) reach a sensitive port: one rule, used by both
 * Conformity and Security.
 */
export const openIngress = defineRule({
  id: 'open-ingress',
  severity: 'critical',
  summary: `security groups open to 0.0.0.0/0 or ::/0 on one of \`ports\` (default ${SENSITIVE_PORTS.join(', ')})`,
  reads: ['security-group'],
  settings: {
    ports: z
      .array(z.number().int().min(0).max(65535))
      .min(1)
      .default([...SENSITIVE_PORTS])
      .describe(`The ports that must not be open to anywhere (default ${SENSITIVE_PORTS.join(', ')})`),
  },
  check: ({ snapshot, settings }) =>
    recordsOf(snapshot, 'security-group').flatMap((group) => {
      const ports = new Set<number>();
      const sources = new Set<string>();
      for (const permission of group.raw.IpPermissions ?? []) {
        const open = openSources(permission);
        const opened = open.length > 0 ? portsOpened(permission, settings.ports) : [];
        for (const port of opened) ports.add(port);
        if (opened.length > 0) for (const source of open) sources.add(source);
      }
      if (ports.size === 0) return [];
      const sorted = [...ports].sort((a, b) => a - b);
      const label = group.name ? `${group.name} (${group.id})` : group.id;
      return [
        {
          resource: group.id,
          resourceType: 'security-group' as const,
          name: group.name,
          tags: group.tags,
          reason: `security group ${label} lets anyone (${[...sources].join(', ')}) reach port ${sorted.join(', ')}: allow only known sources`,
          details: { ports: sorted, sources: [...sources] },
        },
      ];
    }),
});
