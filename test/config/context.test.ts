import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliContext, openCliContext } from '../../core/cli/context.js';
import { ConfigError } from '../../core/config/config-error.js';
import { writeConfigFile } from '../support/config-file.js';
import { MOTO_ACCOUNT, redisUrl } from '../support/env.js';

describe('openCliContext', () => {
  let context: CliContext | undefined;
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  it('finds the account through STS when config lists none, and caches it per region', async () => {
    const path = writeConfigFile(`redis:\n  url: ${redisUrl()}\n`);
    context = openCliContext({ config: path, dryRun: true, endpointUrl: process.env.AWS_ENDPOINT_URL });
    expect(await context.account('us-east-1')).toEqual({ id: MOTO_ACCOUNT });
    await context.account('us-east-1');
    expect(context.clients.counter.count('GetCallerIdentity')).toBe(1);
  });

  it('asks STS even when config names the account, and gives both: the credentials decide, not the config', async () => {
    const path = writeConfigFile('accounts:\n  - id: "111122223333"\n    alias: sandbox\n    regions: [eu-west-1]\n');
    context = openCliContext({ config: path, dryRun: true, endpointUrl: process.env.AWS_ENDPOINT_URL });
    expect(await context.account('eu-west-1')).toEqual({ id: MOTO_ACCOUNT, configured: '111122223333' });
    expect(await context.account('us-east-1')).toEqual({ id: MOTO_ACCOUNT });
    // The same credentials in both regions: one question per process.
    expect(context.clients.counter.count('GetCallerIdentity')).toBe(1);
    expect(context.clients.counter.count('ListAccountAliases')).toBe(1);
  });

  it('opens one shared Redis connection lazily and closes it', async () => {
    const path = writeConfigFile(`redis:\n  url: ${redisUrl()}\n`);
    context = openCliContext({ config: path, dryRun: true });
    const redis = context.redis();
    expect(context.redis()).toBe(redis);
    expect(await redis.ping()).toBe('PONG');
    await context.close();
    expect(redis.status).toBe('end');
  });

  it('applies --region and --endpoint-url flags over the file', () => {
    const path = writeConfigFile('regions: [us-west-2]\n');
    context = openCliContext({
      config: path,
      dryRun: true,
      region: ['eu-central-1'],
      endpointUrl: 'http://127.0.0.1:1',
    });
    expect(context.config.global.regions).toEqual(['eu-central-1']);
    expect(context.clients.endpointUrl).toBe('http://127.0.0.1:1');
  });

  it('refuses a bad config with a ConfigError (exit 2)', () => {
    const path = writeConfigFile('armd: true\n');
    expect(() => openCliContext({ config: path, dryRun: true })).toThrow(ConfigError);
  });
});

describe('openCliContext with Redis down', () => {
  it('reports the unreachable Redis once on the logger and closes without hanging', async () => {
    const path = writeConfigFile('redis:\n  url: redis://127.0.0.1:1\n');
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
    const context = openCliContext({ config: path, dryRun: true }, { logger });
    const redis = context.redis();
    await new Promise((resolve) => redis.once('error', resolve));
    expect(warnings.join('')).toContain('cannot reach Redis');
    await context.close();
    expect(redis.status).toBe('end');
  });
});
