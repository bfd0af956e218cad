import type { Monkey } from '../core/run/monkey.js';
import { certExpiring } from './security/cert-expiring.js';
import { certWeakKey } from './security/cert-weak-key.js';
import { certWeakSignature } from './security/cert-weak-signature.js';
import { danglingDns } from './security/dangling-dns.js';
import { readHeldElsewhere, readIamCertificates, type SecurityObserved } from './security/observed.js';
import { openIngress } from './shared/open-ingress.js';
import {
  type AnyReportRule,
  planReport,
  type ReportParams,
  readsOf,
  reportParamsSchema,
} from './shared/report-rules.js';

/** Security's rules, in the order the docs list them. */
export const SECURITY_RULES: readonly AnyReportRule<SecurityObserved>[] = [
  certExpiring,
  certWeakKey,
  certWeakSignature,
  danglingDns,
  openIngress,
];

const CERTIFICATE_RULES = [certExpiring.id, certWeakKey.id, certWeakSignature.id];

/**
 * Security Monkey: finds certificates that expire or are weak, DNS records left pointing at what the account no
 * longer holds, and security groups open to the internet. It never acts.
 */
export const security: Monkey<ReportParams, SecurityObserved> = {
  name: 'security',
  kind: 'report',
  description: 'Find expiring or weak certificates, dangling DNS records and security groups open to the internet',
  params: reportParamsSchema(SECURITY_RULES),
  reads: readsOf(SECURITY_RULES),
  rules: SECURITY_RULES.map((rule) => rule.id),
  observes: 'iam-server-certificate',
  async prepare({ params, clients, target, regions, globals, readFailed }) {
    const enabled = (id: string) => params.rules[id]?.enabled !== false;
    // In a report run a failed read is recorded and its rules go unchecked; the other reads go on.
    const tolerant = async <T>(type: string, region: string, read: () => Promise<T>, fallback: T): Promise<T> => {
      if (!readFailed) return read();
      try {
        return await read();
      } catch (error) {
        readFailed(type, error, region);
        return fallback;
      }
    };
    // Global resources are read by one region's run of a job. The certificate bodies cost a call each: none when
    // every rule that reads them is off.
    const iamCertificates =
      globals && CERTIFICATE_RULES.some(enabled)
        ? await tolerant('iam-server-certificate', target.region, () => readIamCertificates(clients, target), {})
        : {};
    // A record may point at what the account holds in another of its regions: read those, for the records' rule.
    const others = regions.filter((region) => region !== target.region);
    const elsewhere =
      globals && enabled(danglingDns.id) && others.length > 0
        ? await tolerant('network-interface', others.join(', '), () => readHeldElsewhere(clients, target, others), {
            regions: [],
            addresses: [],
            balancers: [],
          })
        : { regions: [], addresses: [], balancers: [] };
    return { iamCertificates, elsewhere };
  },
  plan: (input) => planReport('security', SECURITY_RULES, input),
};
