import type { AlertMessage } from '../alert.js';
import { readUrl, type SecretSource } from '../secret.js';
import type { Channel } from './channel.js';
import { postJson } from './http-post.js';
import { slackText } from './slack-text.js';

const ICON = { info: ':information_source:', warning: ':warning:', error: ':x:', critical: ':rotating_light:' };

/** Block Kit's published limits (docs.slack.dev, reference/block-kit): header, section, field and fallback text. */
export const SLACK_LIMITS = { header: 150, section: 3000, field: 2000, context: 3000, key: 300 } as const;

/** One `*Label*\n<text>` field within the field limit. */
function field(label: string, text: string): { type: 'mrkdwn'; text: string } {
  const head = `*${label}*\n`;
  return { type: 'mrkdwn', text: `${head}${slackText(text, SLACK_LIMITS.field - head.length)}` };
}

/**
 * A Slack incoming-webhook message whose blocks say what, where, when, whose, how to opt out, and link the event.
 * Every text that came with the alert is escaped and cut to its block's limit (4 blocks, 4 fields).
 */
export function slackBody(message: AlertMessage): Record<string, unknown> {
  const { alert } = message;
  const resolved = message.action === 'resolve';
  const title = resolved ? `Resolved: ${alert.incidentKey}` : `${alert.severity.toUpperCase()}: ${alert.desc}`;
  const where = [alert.cluster, alert.resource, alert.account, alert.region].filter(Boolean).join(' · ');
  const fields = [
    field('What', resolved ? 'resolved' : alert.desc),
    field('Where', where),
    field('When', message.at),
    field('Owner', alert.owner ?? 'unknown'),
  ];
  const icon = resolved ? ':white_check_mark:' : ICON[alert.severity];
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: slackText(`${icon} ${title}`, SLACK_LIMITS.header) } },
    { type: 'section', fields },
  ];
  if (!resolved && alert.details !== undefined) {
    const text = typeof alert.details === 'string' ? alert.details : JSON.stringify(alert.details, null, 2);
    const fence = '```';
    const body = slackText(text, SLACK_LIMITS.section - 2 * fence.length);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${fence}${body}${fence}` } });
  }
  const context = [`incident \`${slackText(alert.incidentKey, SLACK_LIMITS.key)}\``];
  if (alert.optOut) context.push(`opt out: ${slackText(alert.optOut, SLACK_LIMITS.context - 'opt out: '.length)}`);
  if (message.link) context.push(`<${message.link}|the event in simian>`);
  blocks.push({ type: 'context', elements: context.map((text) => ({ type: 'mrkdwn', text })) });
  return { text: slackText(title, SLACK_LIMITS.section), blocks };
}

export function slackChannel(options: { name: string; webhookUrl: SecretSource }): Channel {
  return {
    name: options.name,
    kind: 'slack',
    async deliver(message, signal) {
      const url = readUrl(options.webhookUrl, 'Slack webhook URL');
      await postJson(url, JSON.stringify(slackBody(message)), {}, signal);
    },
  };
}
