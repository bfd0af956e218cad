import type { Monkey } from './monkey.js';
import { certExpiring } from './security/cert-expiring.js';
import { certWeakKey } from './security/cert-weak-key.js';
import { certWeakSignature } from './security/cert-weak-signature.js';
import { danglingDns } from './security/dangling-dns.js';
import { readSecurityObserved, type SecurityObserved } from './security/observed.js';
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
  // The certificate bodies cost a call each: none when every rule that reads them is off.
  prepare: async ({ params, clients, target }) =>
    CERTIFICATE_RULES.every((id) => params.rules[id]?.enabled === false)
      ? { iamCertificates: {} }
      : readSecurityObserved(clients, target),
  plan: (input) => planReport('security', SECURITY_RULES, input),
};
