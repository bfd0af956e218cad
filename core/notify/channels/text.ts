import type { AlertMessage } from '../alert.js';

/** The alert as plain text (SNS messages, e-mail bodies): one line per fact. */
export function alertText(message: AlertMessage): { subject: string; body: string } {
  const { alert } = message;
  const resolved = message.action === 'resolve';
  const subject = (resolved ? `[simian] resolved: ${alert.incidentKey}` : `[simian] ${alert.severity}: ${alert.desc}`)
    .replace(/[\r\n]+/g, ' ')
    .slice(0, 98);
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
