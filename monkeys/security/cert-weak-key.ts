import { z } from 'zod';
import { observingRule } from '../shared/report-rules.js';
import { certificateHit, certificatesOf } from './certificates.js';
import type { SecurityObserved } from './observed.js';

/** RSA keys under 2048 bits can be factored by a determined attacker (security_monkey's weak-key check). */
export const certWeakKey = observingRule<SecurityObserved>()({
  id: 'cert-weak-key',
  severity: 'warning',
  summary: 'ACM and IAM server certificates with an RSA key shorter than minRsaBits (default 2048)',
  reads: ['acm-certificate', 'iam-server-certificate'],
  settings: {
    minRsaBits: z
      .number()
      .int()
      .positive()
      .default(2048)
      .describe('The shortest RSA key accepted, in bits (default 2048)'),
  },
  check: ({ snapshot, observed, settings }) =>
    certificatesOf(snapshot, observed).flatMap((certificate) => {
      const bits = certificate.rsaBits;
      if (bits === undefined || bits >= settings.minRsaBits) return [];
      return [
        certificateHit(
          certificate,
          `${certificate.label} has a ${bits}-bit RSA key, under ${settings.minRsaBits}: reissue it with a stronger key`,
          { details: { rsaBits: bits } },
        ),
      ];
    }),
});
