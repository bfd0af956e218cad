import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { ENV_LEAVES } from '../../core/config/env.js';
import { loadConfig, sourceOf } from '../../core/config/load.js';
import { effectiveCaps } from '../../core/safety/caps.js';
import { problemsOf, writeTree } from './tree.js';

const loadedAt = '2026-03-02T10:00:00.000Z';

function load(files: Record<string, string>, env: NodeJS.ProcessEnv, flags = {}) {
  return loadConfig({ cwd: writeTree(files), env, flags, clock: fixedClock(loadedAt) });
}

describe('SIMIAN_* environment overrides', () => {
  it('derives a variable for every scalar leaf, including the documented ones', () => {
    const names = ENV_LEAVES.map((leaf) => leaf.variable);
    expect(names).toEqual(
      expect.arrayContaining([
        'SIMIAN_ARMED',
        'SIMIAN_REGIONS',
        'SIMIAN_REDIS_URL',
        'SIMIAN_HTTP_PORT',
        'SIMIAN_HTTP_TOKEN',
        'SIMIAN_CALENDAR_TIMEZONE',
        'SIMIAN_CAPS_MAX_PER_RUN',
        'SIMIAN_ENDPOINT_URL',
      ]),
    );
  });

  it('overrides file values and converts text to the expected types', () => {
    const config = load(
      { 'simian.yaml': 'armed: false\nregions: [us-east-1]\nhttp:\n  port: 9000\n' },
      {
        SIMIAN_ARMED: 'true',
        SIMIAN_REGIONS: 'us-east-1, us-west-2',
        SIMIAN_HTTP_PORT: '8181',
        SIMIAN_CAPS_MAX_PER_RUN: '3',
        SIMIAN_EVENTS_RETENTION: '7d',
        SIMIAN_CALENDAR_TIMEZONE: 'Europe/Paris',
      },
    );
    expect(config.global.armed).toBe(true);
    expect(config.global.regions).toEqual(['us-east-1', 'us-west-2']);
    expect(config.global.http.port).toBe(8181);
    expect(config.global.caps.maxPerRun).toBe(3);
    expect(config.global.events.retention).toBe(7 * 86_400_000);
    expect(config.global.calendar.timezone).toBe('Europe/Paris');
  });

  it.each([
    ['SIMIAN_ARMED', 'maybe', 'expected boolean, got the text "maybe" (sets armed)'],
    ['SIMIAN_HTTP_PORT', 'eighty', 'expected number, got the text "eighty" (sets http.port)'],
    ['SIMIAN_HTTP_PORT', '99999', 'must be at most 65535'],
    ['SIMIAN_REGIONS', 'us-east-1,bogus', '"bogus" is not an AWS region'],
    ['SIMIAN_CALENDAR_TIMEZONE', 'Nowhere/Land', '"Nowhere/Land" is not an IANA time zone'],
    ['SIMIAN_CAPS_MAX_PER_RUN', '-1', 'must be at least 0'],
    ['SIMIAN_REDIS_URL', 'localhost:6379', 'is not a redis:// or rediss:// URL'],
    ['SIMIAN_EVENTS_RETENTION', 'forever', '"forever" is not a duration'],
  ])('a bad %s=%s is an error naming the variable', (variable, value, says) => {
    const [first] = problemsOf({}, { env: { [variable]: value } });
    expect(first?.file).toBe(variable);
    expect(first?.line).toBe(0);
    expect(first?.message).toContain(says);
  });

  it("takes a command's own flag over the environment, and names it when bad", () => {
    const config = load(
      {},
      { SIMIAN_HTTP_PORT: '8181' },
      { values: [{ key: 'http.port', value: '9090', flag: '--port' }] },
    );
    expect(config.global.http.port).toBe(9090);
    expect(sourceOf(config, 'http.port')).toMatchObject({ source: 'flag', origin: '--port' });
    const [first] = problemsOf({}, { flags: { values: [{ key: 'http.port', value: 'x', flag: '--port' }] } });
    expect(first).toMatchObject({ file: '--port', path: 'http.port' });
  });

  it('warns about a SIMIAN_* variable that sets nothing, suggesting the one meant', () => {
    const config = load({}, { SIMIAN_CAPS_MAX_PER_RUNS: '1', SIMIAN_LOG_LEVEL: 'debug' });
    expect(config.warnings).toEqual([
      'SIMIAN_CAPS_MAX_PER_RUNS is not a simian setting and is ignored (did you mean "SIMIAN_CAPS_MAX_PER_RUN"?)',
    ]);
  });

  it('reports a bad --region flag by the flag name', () => {
    const [first] = problemsOf({}, { flags: { regions: ['narnia'] } });
    expect(first?.file).toBe('--region');
    expect(first?.message).toContain('"narnia" is not an AWS region');
  });
});

describe('value sources', () => {
  const files = {
    'simian.yaml':
      '# comment\narmed: false\nregions:\n  - us-west-2\nhttp:\n  port: 9000\n  token: abcdefghijklmnopqrstuvwxyz\n',
  };

  it('records default, file (with line), env and flag, and when they were loaded', () => {
    const config = load(
      files,
      { SIMIAN_HTTP_PORT: '8181', SIMIAN_REGIONS: 'eu-west-1' },
      { regions: ['eu-central-1'], endpointUrl: 'http://127.0.0.1:5000' },
    );
    expect(sourceOf(config, 'armed')).toMatchObject({ source: 'file', file: 'simian.yaml', line: 2, value: false });
    expect(sourceOf(config, 'http.port')).toMatchObject({ source: 'env', origin: 'SIMIAN_HTTP_PORT', value: 8181 });
    expect(sourceOf(config, 'regions')).toMatchObject({ source: 'flag', origin: '--region', value: ['eu-central-1'] });
    expect(sourceOf(config, 'endpointUrl')).toMatchObject({ source: 'flag', origin: '--endpoint-url' });
    expect(sourceOf(config, 'calendar.timezone')).toMatchObject({ source: 'default', value: 'America/Los_Angeles' });
    expect(sourceOf(config, 'calendar.timezone')?.loadedAt.toISOString()).toBe(loadedAt);
  });

  it('redacts secrets: tokens, webhook URLs, redis passwords', () => {
    const config = load(
      {
        'simian.yaml': [
          'http:',
          '  token: abcdefghijklmnopqrstuvwxyz',
          'redis:',
          '  url: redis://:hunter2@redis.internal:6379',
          'notifications:',
          '  slack:',
          '    webhookUrl: https://hooks.slack.com/services/T000/B000/XXXX',
          '  pagerduty:',
          '    routingKey: R0UT1NGKEY',
          '  webhooks:',
          '    - url: https://example.com/hooks/S3CR3TPATH',
          '      secret: SH4RED',
          '',
        ].join('\n'),
      },
      {},
    );
    const shown = JSON.stringify(config.sources);
    for (const secret of ['abcdefghijklmnopqrstuvwxyz', 'hunter2', 'T000/B000', 'R0UT1NGKEY', 'S3CR3TPATH', 'SH4RED']) {
      expect(shown).not.toContain(secret);
    }
    expect(sourceOf(config, 'http.token')?.value).toBe('[redacted]');
    expect(sourceOf(config, 'redis.url')?.value).toBe('redis://:***@redis.internal:6379');
    expect(sourceOf(config, 'notifications.webhooks.0.url')?.value).toBe('https://example.com/***');
    // The effective config itself keeps the real values.
    expect(config.global.redis.url).toBe('redis://:hunter2@redis.internal:6379');
  });

  it('lists items of object lists by index with their own line', () => {
    const config = load({ 'simian.yaml': 'accounts:\n  - id: "111122223333"\n    alias: sandbox\n' }, {});
    expect(sourceOf(config, 'accounts.0.alias')).toMatchObject({ source: 'file', line: 3, value: 'sandbox' });
  });

  it('with no config file at all, every value is a default', () => {
    const config = load({}, {});
    expect(config.files).toEqual([]);
    expect(config.sources.every((source) => source.source === 'default')).toBe(true);
    expect(config.global.armed).toBe(false);
  });
});

describe('caps', () => {
  it('keep their safe defaults when only one is set, in the file or the environment', () => {
    const fromFile = load({ 'simian.yaml': 'caps:\n  maxPerRun: 5\n' }, {});
    expect(effectiveCaps(fromFile.global.caps)).toMatchObject({ maxPerRun: 5, maxPercentPerGroup: 34, minHealthy: 1 });
    const fromEnv = load({}, { SIMIAN_CAPS_MAX_PER_RUN: '2' });
    expect(effectiveCaps(fromEnv.global.caps)).toMatchObject({
      maxPerRun: 2,
      maxPerDayPerGroup: 1,
      minTimeBetweenKills: 3_600_000,
    });
  });

  it('a key written in simian.yaml holds over a monkey default that lifts it; the entry overrides both', () => {
    const config = load({ 'simian.yaml': 'caps:\n  maxPerRun: 5\n' }, {});
    const lifted = { maxPerRun: undefined, maxPerDayPerGroup: undefined, maxPercentPerGroup: 100 };
    expect(effectiveCaps(config.global.caps, lifted)).toMatchObject({ maxPerRun: 5, maxPercentPerGroup: 100 });
    expect(effectiveCaps(config.global.caps, lifted).maxPerDayPerGroup).toBeUndefined();
    expect(effectiveCaps(config.global.caps, lifted, { maxPerRun: 7 }).maxPerRun).toBe(7);
  });
});
