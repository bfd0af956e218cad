import type { Redis } from 'ioredis';
import { globalConfigSchema } from '../../core/config/schema.js';
import { RedisTimeline } from '../../core/events/timeline.js';
import { alertGatewayFromConfig } from '../../core/notify/from-config.js';
import type { AlertGateway } from '../../core/notify/gateway.js';
import { testClients, uniquePrefix } from '../support/env.js';
import { capturedLogger } from '../support/log-capture.js';

/** A gateway over the test Redis (fresh prefix), its timeline and captured logs; retries without real waits. */
export function testGateway(
  redis: Redis,
  notifications: Record<string, unknown>,
): { gateway: AlertGateway; timeline: RedisTimeline; logs: string[]; prefix: string } {
  const prefix = uniquePrefix('notify');
  const config = globalConfigSchema.parse({
    redis: { prefix },
    notifications: { retry: { backoff: 1, maxBackoff: 5, timeout: '2s' }, ...notifications },
  });
  const timeline = new RedisTimeline(redis, { prefix });
  const { logger, lines } = capturedLogger();
  const gateway = alertGatewayFromConfig({ config, clients: testClients(), redis, events: timeline, logger });
  return { gateway, timeline, logs: lines, prefix };
}

/** The talk's example (cluster pycon, incident_key PyconAlert). */
export const PYCON = {
  cluster: 'pycon',
  severity: 'warning',
  desc: 'Pycon rocks!',
  incidentKey: 'PyconAlert',
  details: 'PyCon is the awesomest!',
} as const;
