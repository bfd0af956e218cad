import type { NotificationsConfig } from '../config/notifications-schema.js';
import type { Alert } from './alert.js';

type Routed = Pick<Alert, 'monkey' | 'severity' | 'owner' | 'findings'>;

/**
 * The channels of one alert: the first route whose every given field matches (monkey, severity, owner), else the
 * default route, else every configured channel. A finding's own incident goes only where a matching route asks for
 * them (`findingIncidents: true`), never by default: by default findings are told in one digest per owner per run.
 */
export function routeFor(
  alert: Routed,
  notifications: Pick<NotificationsConfig, 'routes' | 'defaultRoute'>,
  configured: readonly string[],
): string[] {
  const incident = alert.findings === 'incident';
  for (const route of notifications.routes) {
    if (incident && !route.findingIncidents) continue;
    const { monkey, severity, owner } = route.match;
    if (monkey && !(alert.monkey && monkey.includes(alert.monkey))) continue;
    if (severity && !severity.includes(alert.severity)) continue;
    if (owner && !(alert.owner && owner.includes(alert.owner))) continue;
    return [...new Set(route.channels)];
  }
  return incident ? [] : [...new Set(notifications.defaultRoute ?? configured)];
}
