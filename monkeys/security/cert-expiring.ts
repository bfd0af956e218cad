import { z } from 'zod';
import { observingRule } from '../shared/report-rules.js';
import { certificateHit, certificatesOf } from './certificates.js';
import type { SecurityObserved } from './observed.js';

const DAY_MS = 86_400_000;

/** ACM and IAM server certificates that expired or expire soon: critical within 30 days, a warning within 60. */
export const certExpiring = observingRule<SecurityObserved>()({
  id: 'cert-expiring',
  severity: 'warning',
  summary:
    'ACM and IAM server certificates expired or expiring (critical within criticalDays 30, warning within warningDays 60)',
  reads: ['acm-certificate', 'iam-server-certificate'],
  settings: {
    criticalDays: z
      .number()
      .int()
      .nonnegative()
      .default(30)
      .describe('A certificate expiring within this many days (or expired) is critical (default 30)'),
    warningDays: z
      .number()
      .int()
      .nonnegative()
      .default(60)
      .describe('A certificate expiring within this many days is a warning (default 60)'),
  },
  check: ({ snapshot, observed, settings, now }) =>
    certificatesOf(snapshot, observed).flatMap((certificate) => {
      if (!certificate.notAfter) return [];
      const days = Math.floor((certificate.notAfter.getTime() - now.getTime()) / DAY_MS);
      if (days > Math.max(settings.warningDays, settings.criticalDays)) return [];
      const date = certificate.notAfter.toISOString().slice(0, 10);
      const expired = certificate.notAfter.getTime() <= now.getTime();
      const when = expired
        ? `expired ${-days} ${-days === 1 ? 'day' : 'days'} ago (${date})`
        : `expires in ${days} ${days === 1 ? 'day' : 'days'} (${date})`;
      return [
        certificateHit(certificate, `${certificate.label} ${when}: renew or replace it`, {
          severity: expired || days <= settings.criticalDays ? 'critical' : 'warning',
          details: { notAfter: certificate.notAfter.toISOString(), days },
        }),
      ];
    }),
});
