import type { Snapshot, Tags } from '../../core/fleet/model.js';
import type { RuleHit } from '../shared/report-rules.js';
import { recordsOf } from '../shared/report-subjects.js';
import type { SecurityObserved } from './observed.js';

/** One certificate as the certificate rules see it, ACM or IAM alike. */
export interface CertificateFacts {
  readonly resource: string;
  readonly resourceType: 'acm-certificate' | 'iam-server-certificate';
  /** "ACM certificate for www.example.com", "IAM server certificate web-2026". */
  readonly label: string;
  readonly name: string | undefined;
  readonly tags: Tags;
  readonly notAfter: Date | undefined;
  readonly rsaBits: number | undefined;
  readonly signatureAlgorithm: string | undefined;
}

/**
 * ACM certificates (the ListCertificates summary: NotAfter, KeyAlgorithm) and IAM server certificates (their
 * bodies, read by prepare; the listed Expiration only when the body could not be read).
 */
export function certificatesOf(snapshot: Snapshot, observed: SecurityObserved): CertificateFacts[] {
  const acm = recordsOf(snapshot, 'acm-certificate').map((record): CertificateFacts => {
    const bits = /^RSA_(\d+)$/.exec(record.raw.KeyAlgorithm ?? '')?.[1];
    return {
      resource: record.id,
      resourceType: 'acm-certificate',
      label: `ACM certificate for ${record.raw.DomainName ?? record.id}`,
      name: record.name,
      tags: record.tags,
      notAfter: record.raw.NotAfter,
      rsaBits: bits ? Number(bits) : undefined,
      signatureAlgorithm: undefined,
    };
  });
  const iam = recordsOf(snapshot, 'iam-server-certificate').map((record): CertificateFacts => {
    const body = observed.iamCertificates[record.id];
    return {
      resource: record.id,
      resourceType: 'iam-server-certificate',
      label: `IAM server certificate ${record.name ?? record.id}`,
      name: record.name,
      tags: record.tags,
      notAfter: body ? new Date(body.notAfter) : record.raw.Expiration,
      rsaBits: body?.rsaBits,
      signatureAlgorithm: body?.signatureAlgorithm,
    };
  });
  return [...acm, ...iam];
}

export function certificateHit(
  certificate: CertificateFacts,
  reason: string,
  extra: Pick<RuleHit, 'severity' | 'details'> = {},
): RuleHit {
  return {
    resource: certificate.resource,
    resourceType: certificate.resourceType,
    name: certificate.name,
    tags: certificate.tags,
    reason,
    ...extra,
  };
}
