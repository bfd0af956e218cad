import type { Logger } from 'pino';
import { monkeyCatalog } from '../../monkeys/index.js';
import { AwsClients } from '../aws/clients.js';
import { learnAccount, type RealAccount } from '../aws/real-account.js';
import { type FlagValue, type LoadConfigOptions, type LoadedConfig, loadConfig } from '../config/load.js';
import { RuntimeFailure } from '../errors.js';
import { createCommandLogger, isCommandLogger } from '../log.js';
import { closeRedis, connectRedis, describeRedis, type RedisClient } from '../redis/connection.js';
import { safetyCall } from '../redis/redis-call.js';
import type { CommonOptions } from './options.js';

/** The account a command works in for one region: the credentials' own (STS), beside the one config names. */
export type AccountRef = RealAccount;

/** What every command needs, built once at its entry point and closed when it ends. */
export interface CliContext {
  readonly config: LoadedConfig;
  readonly clients: AwsClients;
  readonly logger: Logger;
  /**
   * The account of the credentials (STS, through the region's configured role), cached per process; an STS error
   * propagates (fail closed: no account, no action). Compare it with config before reading (assertConfiguredAccount).
   */
  account(region: string): Promise<AccountRef>;
  /** One shared Redis connection, created on first use (BullMQ-ready: maxRetriesPerRequest null). */
  redis(): RedisClient;
  /**
   * The shared connection once it has answered a PING within 2 s; otherwise a RuntimeFailure naming the URL (the
   * connection retries forever, so a command that needs Redis asks this first instead of hanging).
   */
  reachableRedis(): Promise<RedisClient>;
  close(): Promise<void>;
}

export interface CliContextExtras {
  /** Extra loadConfig options (a test cwd or env); the monkeys registry is always checked against. */
  load?: Omit<LoadConfigOptions, 'configPath' | 'flags'>;
  /** The command's own flags that set config keys (`serve --port`), so /status shows them as source "flag". */
  flags?: readonly FlagValue[];
  logger?: Logger;
}

/** Loads config (throws ConfigError, exit 2, on any problem) and prepares AWS clients, logger and Redis. */
export function openCliContext(options: CommonOptions, extras: CliContextExtras = {}): CliContext {
  const config = loadConfig({
    monkeys: monkeyCatalog,
    ...extras.load,
    configPath: options.config,
    flags: { regions: options.region, endpointUrl: options.endpointUrl, values: extras.flags },
  });
  const { aws } = config.global;
  const clients = new AwsClients({
    endpointUrl: config.global.endpointUrl,
    maxAttempts: aws.maxAttempts,
    connectTimeoutMs: aws.connectTimeout,
    requestTimeoutMs: aws.requestTimeout,
  });
  // One-shot commands keep stderr for the sentence that matters (logs only with --debug); long-running ones pass
  // their own logger.
  const logger = extras.logger ?? createCommandLogger({ debug: options.debug });
  // Warnings about the config are for the person at the terminal (one sentence each), or the fleet's log.
  for (const warning of config.warnings) {
    if (isCommandLogger(logger)) process.stderr.write(`simian: warning: ${warning}\n`);
    else logger.warn(warning);
  }
  let connection: RedisClient | undefined;

  return {
    config,
    clients,
    logger,
    account(region) {
      return learnAccount(config.global, clients, region);
    },
    redis() {
      if (!connection) {
        connection = connectRedis(config.global.redis, {
          maxRetriesPerRequest: null,
          connectTimeout: 2000,
          connectionName: 'simian-cli',
        });
        // ioredis retries on its own; say so once instead of printing every attempt (callers fail closed on timeouts).
        let warned = false;
        connection.on('error', (error: Error) => {
          logger[warned ? 'debug' : 'warn']({ error: error.message }, 'cannot reach Redis');
          warned = true;
        });
        connection.on('ready', () => {
          warned = false;
        });
      }
      return connection;
    },
    async reachableRedis() {
      const redis = this.redis();
      try {
        await safetyCall(redis, (ready) => ready.ping());
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new RuntimeFailure(`cannot reach ${describeRedis(config.global.redis)}: ${why}`);
      }
      return redis;
    },
    async close() {
      if (connection) await closeRedis(connection);
      clients.destroy();
    },
  };
}
