import type { AlertMessage } from '../alert.js';
import { readSecret, type SecretSource } from '../secret.js';
import type { Channel } from './channel.js';
import { postJson } from './http-post.js';

const ICON = { info: ':information_source:', warning: ':warning:', error: ':x:', critical: ':rotating_light:' };

/** A Slack incoming-webhook message whose blocks say what, where, when, whose, how to opt out, and link the event. */
export function slackBody(message: AlertMessage): Record<string, unknown> {
  const { alert } = message;
  const resolved = message.action === 'resolve';
  const title = resolved ? `Resolved: ${alert.incidentKey}` : `${alert.severity.toUpperCase()}: ${alert.desc}`;
  const where = [alert.cluster, alert.resource, alert.account, alert.region].filter(Boolean).join(' · ');
  const fields = [
    { type: 'mrkdwn', text: `*What*\n${resolved ? 'resolved' : alert.desc}` },
    { type: 'mrkdwn', text: `*Where*\n${where}` },
    { type: 'mrkdwn', text: `*When*\n${message.at}` },
    { type: 'mrkdwn', text: `*Owner*\n${alert.owner ?? 'unknown'}` },
  ];
  const blocks: Record<string, unknown>[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: `${resolved ? ':white_check_mark:' : ICON[alert.severity]} ${title}`.slice(0, 150),
      },
    },
    { type: 'section', fields },
  ];
  if (!resolved && alert.details !== undefined) {
    const text = typeof alert.details === 'string' ? alert.details : JSON.stringify(alert.details, null, 2);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${text.slice(0, 2900)}\`\`\`` } });
  }
  const context = [`incident \`${alert.incidentKey}\``];
  if (alert.optOut) context.push(`opt out: ${alert.optOut}`);
  if (message.link) context.push(`<${message.link}|the event in simian>`);
  blocks.push({ type: 'context', elements: context.map((text) => ({ type: 'mrkdwn', text })) });
  return { text: title, blocks };
}

export function slackChannel(options: { name: string; webhookUrl: SecretSource }): Channel {
  return {
    name: options.name,
    kind: 'slack',
    async deliver(message, signal) {
      const url = readSecret(options.webhookUrl, 'Slack webhook URL');
      await postJson(url, JSON.stringify(slackBody(message)), {}, signal);
    },
  };
}
