import type { Logger } from 'pino';
import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../clock.js';
import type { GlobalConfig } from '../config/schema.js';
import type { EventSink } from '../events/event.js';
import type { RedisClient } from '../redis/connection.js';
import { channelsFromConfig } from './channels/from-config.js';
import { AlertLedger } from './dedup.js';
import { AlertGateway } from './gateway.js';

/** The gateway as configured (notifications, redis.prefix), built once at an entry point. */
export function alertGatewayFromConfig(deps: {
  config: Pick<GlobalConfig, 'notifications' | 'redis'>;
  clients: AwsClients;
  redis: RedisClient;
  events: EventSink;
  logger: Logger;
  clock?: Clock;
  random?: () => number;
}): AlertGateway {
  const { notifications } = deps.config;
  return new AlertGateway({
    notifications,
    channels: channelsFromConfig(notifications, deps.clients),
    ledger: new AlertLedger(deps.redis, deps.config.redis.prefix),
    events: deps.events,
    logger: deps.logger,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.random ? { random: deps.random } : {}),
  });
}
