import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../core/sandbox/peers.js';
import { simian } from '../support/cli.js';
import { testRedisYaml, writeConfigFile } from '../support/config-file.js';
import { testRedis, uniquePrefix } from '../support/env.js';

describe('simian killswitch', () => {
  const redis = testRedis();
  const prefix = uniquePrefix('cli-ks');
  const config = writeConfigFile(testRedisYaml(prefix));

  afterAll(async () => {
    await redis.quit();
  });

  it('turns on, shows its state, turns off, and puts each change on the timeline', async () => {
    const on = await simian('killswitch', 'on', '-c', config, '--who', 'alice', '--reason', 'incident 7', '--json');
    expect(on.code).toBe(0);
    expect(JSON.parse(on.stdout)).toMatchObject({ on: true, who: 'alice', why: 'incident 7' });

    const status = await simian('killswitch', 'status', '-c', config);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^kill switch is on \(set by alice at .+: incident 7\)\n$/);

    const off = await simian('killswitch', 'off', '-c', config, '--who', 'bob', '--json');
    expect(JSON.parse(off.stdout)).toMatchObject({ on: false, who: 'bob' });
    expect(await redis.xlen(`${prefix}:events`)).toBe(2);
  });

  it('rejects an unknown state as bad input', async () => {
    const result = await simian('killswitch', 'maybe', '-c', config);
    expect(result.code).toBe(2);
  });

  it('fails with one clear sentence when Redis cannot be reached', async () => {
    const unreachable = writeConfigFile(`redis:\n  url: redis://127.0.0.1:${await freePort()}\n`);
    const result = await simian('killswitch', 'status', '-c', unreachable);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^simian: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+\/?: Redis unreachable/m);
  });
});
