import type { NotificationsConfig } from '../config/notifications-schema.js';
import type { Alert } from './alert.js';

/**
 * The channels of one alert: the first route whose every given field matches (monkey, severity, owner), else the
 * default route, else every configured channel.
 */
export function routeFor(
  alert: Pick<Alert, 'monkey' | 'severity' | 'owner'>,
  notifications: Pick<NotificationsConfig, 'routes' | 'defaultRoute'>,
  configured: readonly string[],
): string[] {
  for (const route of notifications.routes) {
    const { monkey, severity, owner } = route.match;
    if (monkey && !(alert.monkey && monkey.includes(alert.monkey))) continue;
    if (severity && !severity.includes(alert.severity)) continue;
    if (owner && !(alert.owner && owner.includes(alert.owner))) continue;
    return [...new Set(route.channels)];
  }
  return [...new Set(notifications.defaultRoute ?? configured)];
}
