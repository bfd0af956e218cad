import { createHmac } from 'node:crypto';
import type { AlertMessage } from '../alert.js';
import { hasSecret, readSecret, readUrl, type SecretSource } from '../secret.js';
import type { Channel } from './channel.js';
import { postJson } from './http-post.js';

/** The JSON body of a generic webhook: the alert as given, plus the action and time. */
export function webhookBody(message: AlertMessage): Record<string, unknown> {
  const { alert } = message;
  return {
    action: message.action,
    at: message.at,
    cluster: alert.cluster,
    severity: alert.severity,
    desc: alert.desc,
    incident_key: alert.incidentKey,
    details: alert.details ?? null,
    owner: alert.owner ?? null,
    monkey: alert.monkey ?? null,
    account: alert.account ?? null,
    region: alert.region ?? null,
    resource: alert.resource ?? null,
    ...(message.link ? { link: message.link } : {}),
  };
}

/**
 * `X-Simian-Signature`: `sha256=<hex HMAC-SHA256 of the body>` (the contract); the time travels in
 * `X-Simian-Timestamp` (Unix seconds, also inside the signed body as `at`) so a receiver can refuse replays.
 */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function webhookChannel(options: { name: string; url: SecretSource; secret: SecretSource }): Channel {
  return {
    name: options.name,
    kind: 'webhook',
    async deliver(message, signal) {
      const url = readUrl(options.url, `webhook ${options.name} URL`);
      const body = JSON.stringify(webhookBody(message));
      const headers: Record<string, string> = {
        'x-simian-timestamp': String(Math.floor(Date.parse(message.at) / 1000)),
      };
      if (hasSecret(options.secret)) {
        headers['x-simian-signature'] = signature(readSecret(options.secret, `webhook ${options.name} secret`), body);
      }
      await postJson(url, body, headers, signal);
    },
  };
}
