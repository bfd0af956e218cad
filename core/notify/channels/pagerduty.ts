import type { AlertMessage } from '../alert.js';
import { clip, stableKey } from '../clip.js';
import { readSecret, type SecretSource } from '../secret.js';
import type { Channel } from './channel.js';
import { postJson } from './http-post.js';

/**
 * Events API v2's published limits: dedup_key 255 and summary 1024 characters, 512 KB a body. Source, component,
 * group and class have no published limit: kept to 255 so that no receiver refuses them. custom_details' details
 * are kept under 64 K characters (at most 256 KB encoded), far inside the body's limit.
 */
export const PAGERDUTY_LIMITS = { dedupKey: 255, summary: 1024, field: 255, details: 65_536 } as const;

/** The alert's details, or their JSON cut to the limit (as text) when longer. */
function boundedDetails(details: unknown): unknown {
  const text = typeof details === 'string' ? details : JSON.stringify(details ?? null);
  if (text.length <= PAGERDUTY_LIMITS.details) return details ?? null;
  return clip(text, PAGERDUTY_LIMITS.details);
}

/** PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/). */
export function pagerdutyBody(message: AlertMessage, routingKey: string): Record<string, unknown> {
  const { alert } = message;
  // A longer incident key is hashed the same way for its trigger and its resolve, so they still meet.
  const dedupKey = stableKey(alert.incidentKey, PAGERDUTY_LIMITS.dedupKey);
  if (message.action === 'resolve') {
    return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey };
  }
  const field = (text: string) => clip(text, PAGERDUTY_LIMITS.field);
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: clip(alert.desc, PAGERDUTY_LIMITS.summary),
      source: field(alert.resource ?? alert.cluster),
      severity: alert.severity,
      timestamp: message.at,
      component: field(alert.cluster),
      ...(alert.monkey ? { class: field(alert.monkey) } : {}),
      ...(alert.account ? { group: field(alert.account) } : {}),
      custom_details: {
        details: boundedDetails(alert.details),
        owner: alert.owner ?? null,
        ...(dedupKey !== alert.incidentKey ? { incidentKey: clip(alert.incidentKey, PAGERDUTY_LIMITS.summary) } : {}),
        ...(alert.region ? { region: alert.region } : {}),
        ...(alert.optOut ? { optOut: alert.optOut } : {}),
      },
    },
    client: 'simian',
    ...(message.link ? { client_url: message.link, links: [{ href: message.link, text: 'event in simian' }] } : {}),
  };
}

export function pagerdutyChannel(options: { name: string; routingKey: SecretSource; endpointUrl: string }): Channel {
  return {
    name: options.name,
    kind: 'pagerduty',
    async deliver(message, signal) {
      const routingKey = readSecret(options.routingKey, 'PagerDuty routing key');
      await postJson(options.endpointUrl, JSON.stringify(pagerdutyBody(message, routingKey)), {}, signal);
    },
  };
}
