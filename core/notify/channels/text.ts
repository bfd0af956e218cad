import type { AlertMessage } from '../alert.js';
import { clip } from '../clip.js';

/** The alert as plain text (SNS messages, e-mail bodies): one line per fact. */
export function alertText(message: AlertMessage): { subject: string; body: string } {
  const { alert } = message;
  const resolved = message.action === 'resolve';
  // SNS subjects: one line, under 100 characters; cut between code points.
  const subject = clip(
    (resolved ? `[simian] resolved: ${alert.incidentKey}` : `[simian] ${alert.severity}: ${alert.desc}`).replace(
      /[\r\n]+/g,
      ' ',
    ),
    99,
  );
  const lines = [
    resolved ? `Resolved: ${alert.incidentKey}` : alert.desc,
    '',
    `Severity: ${alert.severity}`,
    `Where: ${[alert.cluster, alert.resource, alert.account, alert.region].filter(Boolean).join(' / ')}`,
    `When: ${message.at}`,
    `Owner: ${alert.owner ?? 'unknown'}`,
    `Incident: ${alert.incidentKey}`,
  ];
  if (!resolved && alert.details !== undefined) {
    lines.push('', typeof alert.details === 'string' ? alert.details : JSON.stringify(alert.details, null, 2));
  }
  if (alert.optOut) lines.push('', `To opt out: ${alert.optOut}`);
  if (message.link) lines.push('', message.link);
  return { subject, body: `${lines.join('\n')}\n` };
}
