import { observingRule } from '../shared/report-rules.js';
import { certificateHit, certificatesOf } from './certificates.js';
import type { SecurityObserved } from './observed.js';

/** MD2, MD5 and SHA-1 signatures can be forged; browsers reject them. */
const WEAK = /^(md2|md4|md5|sha1)with/i;

export const certWeakSignature = observingRule<SecurityObserved>()({
  id: 'cert-weak-signature',
  severity: 'warning',
  summary: 'IAM server certificates signed with MD5 or SHA-1',
  reads: ['iam-server-certificate'],
  settings: {},
  check: ({ snapshot, observed }) =>
    certificatesOf(snapshot, observed).flatMap((certificate) => {
      const algorithm = certificate.signatureAlgorithm;
      if (!algorithm || !WEAK.test(algorithm)) return [];
      return [
        certificateHit(
          certificate,
          `${certificate.label} is signed with ${algorithm}, which can be forged: reissue it signed with SHA-256`,
          { details: { signatureAlgorithm: algorithm } },
        ),
      ];
    }),
});
