import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { addressesOf } from '../../core/aws/resources/network-interface.js';
import { compileGlob } from '../../core/config/glob.js';
import { observingRule, type RuleHit } from '../shared/report-rules.js';
import { liveInstances, recordsOf } from '../shared/report-subjects.js';
import type { SecurityObserved } from './observed.js';

/** An address (`203.0.113.7`), a CIDR (`198.51.100.0/24`, `2001:db8::/32`) or a record-name glob (`*.corp.example.com.`). */
const ignoreEntry = z.string().superRefine((text, ctx) => {
  const [address, bits, ...rest] = text.split('/');
  if (bits === undefined || rest.length > 0 || !isIP(address ?? '')) return;
  const max = isIP(address ?? '') === 4 ? 32 : 128;
  if (!/^\d+$/.test(bits) || Number(bits) > max) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a CIDR (prefix length 0 to ${max})` });
  }
});

/** Private ranges: a record there is reachable only inside the network, so it is a warning, not critical. */
const PRIVATE = new BlockList();
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');

const family = (ip: string) => (isIP(ip) === 6 ? 'ipv6' : 'ipv4');

/** One spelling per address: IPv6 in lower case with its zeros folded (`2001:DB8:0::1` is `2001:db8::1`). */
function canonical(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip.toLowerCase();
  }
}

/** The ignore list split: addresses and CIDRs into a BlockList, the rest as record-name globs. */
function ignoresOf(entries: readonly string[]) {
  const addresses = new BlockList();
  const names: RegExp[] = [];
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    if (!isIP(address)) names.push(compileGlob(entry));
    else if (bits === undefined) addresses.addAddress(address, family(address));
    else addresses.addSubnet(address, Number(bits), family(address));
  }
  return { addresses, names };
}

/** "dualstack.web-1.us-east-1.elb.amazonaws.com." → "web-1.us-east-1.elb.amazonaws.com". */
const hostOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^dualstack\./, '');

/** The region of a load balancer DNS name (classic/ALB `<name>.<region>.elb…`, NLB `<name>.elb.<region>…`). */
function elbRegionOf(host: string): string | undefined {
  const match = /(?:\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.elb|\.elb\.([a-z]{2}(?:-gov)?-[a-z]+-\d))\.amazonaws\.com$/.exec(
    host,
  );
  return match?.[1] ?? match?.[2];
}

/**
 * Route 53 records pointing at what the account no longer holds, the subdomain-takeover risk: A/AAAA records to an
 * address that no live instance, network interface (IPv6 included) or Elastic IP holds in any region the account is
 * configured for (a released address goes to someone else), and CNAME/alias records to a load balancer name of one
 * of those regions that no balancer has. Other providers' addresses go under `ignore`.
 */
export const danglingDns = observingRule<SecurityObserved>()({
  id: 'dangling-dns',
  severity: 'critical',
  summary: 'Route 53 records to addresses or load balancers the account no longer has (private addresses: warning)',
  reads: ['route53-record', 'instance', 'network-interface', 'elastic-ip', 'load-balancer', 'classic-load-balancer'],
  settings: {
    ignore: z
      .array(ignoreEntry)
      .default([])
      .describe('Records never reported: an address, a CIDR or a record-name glob (*.corp.example.com.)'),
  },
  check: ({ snapshot, observed, settings }) => {
    const held = new Set<string>((observed?.elsewhere.addresses ?? []).map(canonical));
    const live = new Set(liveInstances(snapshot).map((instance) => instance.id));
    for (const instance of liveInstances(snapshot)) {
      for (const ip of [instance.privateIp, instance.publicIp]) if (ip) held.add(ip);
    }
    // An interface of an instance on its way out goes with it (AWS deletes it on termination).
    const gone = new Set(
      snapshot.instances.filter((instance) => !live.has(instance.id)).map((instance) => instance.id),
    );
    for (const eni of recordsOf(snapshot, 'network-interface')) {
      if (gone.has(eni.raw.Attachment?.InstanceId ?? '')) continue;
      for (const ip of addressesOf(eni.raw)) held.add(canonical(ip));
    }
    for (const address of recordsOf(snapshot, 'elastic-ip')) {
      for (const ip of [address.raw.PublicIp, address.raw.PrivateIpAddress]) if (ip) held.add(ip);
    }
    const balancers = new Set([
      ...[...recordsOf(snapshot, 'load-balancer'), ...recordsOf(snapshot, 'classic-load-balancer')].flatMap((lb) =>
        lb.raw.DNSName ? [hostOf(lb.raw.DNSName)] : [],
      ),
      ...(observed?.elsewhere.balancers ?? []).map(hostOf),
    ]);
    const regions = new Set([snapshot.region, ...(observed?.elsewhere.regions ?? [])]);
    const ignore = ignoresOf(settings.ignore);
    return recordsOf(snapshot, 'route53-record').flatMap((record): RuleHit[] => {
      const set = record.raw.recordSet;
      const name = set.Name ?? record.id;
      if (ignore.names.some((glob) => glob.test(name) || glob.test(name.replace(/\.$/, '')))) return [];
      const base = { resource: record.id, resourceType: 'route53-record' as const, name, tags: record.tags };
      const values = (set.ResourceRecords ?? []).map((value) => value.Value ?? '');
      if ((set.Type === 'A' || set.Type === 'AAAA') && !set.AliasTarget) {
        const dangling = values.filter(
          (ip) => isIP(ip) && !held.has(canonical(ip)) && !ignore.addresses.check(ip, family(ip)),
        );
        if (dangling.length === 0) return [];
        const allPrivate = dangling.every((ip) => PRIVATE.check(ip, family(ip)));
        return [
          {
            ...base,
            reason: `${set.Type} record ${name} points at ${dangling.join(', ')}, which no instance, network interface or Elastic IP of the account holds: delete or update the record (whoever gets the address next receives its traffic)`,
            ...(allPrivate ? { severity: 'warning' as const } : {}),
            details: { type: set.Type, targets: dangling },
          },
        ];
      }
      const targets = [
        ...(set.AliasTarget?.DNSName ? [set.AliasTarget.DNSName] : []),
        ...(set.Type === 'CNAME' ? values : []),
      ];
      const gone = targets.filter((target) => {
        const host = hostOf(target);
        const region = elbRegionOf(host);
        return region !== undefined && regions.has(region) && !balancers.has(host);
      });
      if (gone.length === 0) return [];
      return [
        {
          ...base,
          reason: `${set.AliasTarget ? 'alias' : 'CNAME'} record ${name} points at load balancer ${gone.map(hostOf).join(', ')}, which no longer exists: delete or update the record before someone claims the name`,
          details: { type: set.Type, targets: gone.map(hostOf) },
        },
      ];
    });
  },
});
