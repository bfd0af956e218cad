import type { AlertMessage } from '../alert.js';
import { readSecret, type SecretSource } from '../secret.js';
import type { Channel } from './channel.js';
import { postJson } from './http-post.js';

/** PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/). */
export function pagerdutyBody(message: AlertMessage, routingKey: string): Record<string, unknown> {
  const { alert } = message;
  if (message.action === 'resolve') {
    return { routing_key: routingKey, event_action: 'resolve', dedup_key: alert.incidentKey };
  }
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: alert.incidentKey,
    payload: {
      summary: alert.desc.slice(0, 1024),
      source: alert.resource ?? alert.cluster,
      severity: alert.severity,
      timestamp: message.at,
      component: alert.cluster,
      ...(alert.monkey ? { class: alert.monkey } : {}),
      ...(alert.account ? { group: alert.account } : {}),
      custom_details: {
        details: alert.details ?? null,
        owner: alert.owner ?? null,
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
