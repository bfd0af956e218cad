import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import type { SimianEvent } from '../../core/events/event.js';
import { RedisTimeline } from '../../core/events/timeline.js';
import { simian } from '../support/cli.js';
import { testRedisYaml, writeConfigFile } from '../support/config-file.js';
import { MOTO_ACCOUNT, testRedis, uniquePrefix } from '../support/env.js';

let redis: Redis;

beforeAll(() => {
  redis = testRedis();
});
afterAll(() => redis.disconnect());

const base = {
  desc: 'did terminate-instance',
  dryRun: false,
  region: 'us-east-1',
  zone: 'us-east-1a',
  account: MOTO_ACCOUNT,
};

describe('simian events', () => {
  it('--json prints one JSON document, the Chronos answer {id, count, start, end, events}, oldest first', async () => {
    const prefix = uniquePrefix('cli-events');
    const timeline = new RedisTimeline(redis, { prefix });
    await timeline.record({ ...base, type: 'Action', monkey: 'chaos', resource: 'i-1', group: 'web' });
    await timeline.record({ ...base, type: 'Action', monkey: 'kong', resource: 'us-east-1', group: null });
    await timeline.record({ ...base, type: 'Skip', monkey: 'chaos', resource: 'i-2', group: 'web', guard: 'caps' });
    const { code, stdout, stderr } = await simian(
      'events',
      '-c',
      writeConfigFile(testRedisYaml(prefix)),
      '--monkey',
      'chaos',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(Object.keys(document)).toEqual(['id', 'count', 'start', 'end', 'events', 'cursor']);
    // id names the timeline read (as the talk's all:all does); the newest event's id is the cursor.
    expect(document).toMatchObject({ id: 'monkey:chaos', count: 2, cursor: document.events[1].id });
    const times = document.events.map((event: SimianEvent) => Number(event.id?.split('-')[0]));
    expect(document.start).toBeLessThanOrEqual(times[0]);
    expect(document.end).toBeGreaterThanOrEqual(times[1]);
    expect(document.events.map((event: SimianEvent) => [event.type, event.resource])).toEqual([
      ['Action', 'i-1'],
      ['Skip', 'i-2'],
    ]);
  });

  it('--json with nothing to show is still one document', async () => {
    const since = new Date(Date.now() - 3_600_000).getTime();
    const { code, stdout } = await simian(
      'events',
      '-c',
      writeConfigFile(testRedisYaml(uniquePrefix('cli-events'))),
      '--since',
      '1h',
      '--json',
    );
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document).toMatchObject({ id: 'all:all', count: 0, cursor: null, events: [] });
    expect(document.start).toBeGreaterThanOrEqual(since);
    expect(document.end).toBeGreaterThanOrEqual(document.start);
  });

  it('--help says what --json prints, with and without --follow', async () => {
    const { code, stdout } = await simian('events', '--help');
    expect(code).toBe(0);
    expect(stdout.replace(/\s+/g, ' ')).toContain(
      '--json one JSON document {id, count, start, end, events, cursor}; with --follow one JSON object per line (JSON Lines)',
    );
  });

  it('prints a readable line per event', async () => {
    const prefix = uniquePrefix('cli-events');
    await new RedisTimeline(redis, { prefix }).record({
      ...base,
      type: 'Action',
      monkey: 'chaos',
      resource: 'i-9',
      group: 'web',
      dryRun: true,
    });
    const { code, stdout } = await simian('events', '-c', writeConfigFile(testRedisYaml(prefix)), '--since', '1h');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Action\s+chaos\s+web i-9\s+did terminate-instance \[dry run\]\n$/);
  });

  it('an answer with nothing in it says so on stderr, naming the types simian records for an unknown --type', async () => {
    const config = writeConfigFile(testRedisYaml(uniquePrefix('cli-events')));
    const plain = await simian('events', '-c', config, '--type', 'Action');
    expect([plain.code, plain.stdout, plain.stderr]).toEqual([0, '', 'simian: no events match\n']);
    const unknown = await simian('events', '-c', config, '--type', 'Explosion');
    expect(unknown.code).toBe(0);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(
      /^simian: no events match; simian records the types Plan, Skip, Action, .*KillSwitch/,
    );
  });

  it('a bad --since is bad input (exit 2) naming the problem', async () => {
    const { code, stderr } = await simian('events', '--since', 'yesterday-ish');
    expect(code).toBe(2);
    expect(stderr).toContain('--since "yesterday-ish" is neither a duration');
  });
});

describe('simian revert', () => {
  it('--list shows open reverts and --due applies the due ones', async () => {
    const prefix = uniquePrefix('cli-revert');
    const registry = new RevertRegistry(redis, { prefix });
    const meta = { runId: 'run-cli', monkey: 'chaos' as const, appliedKind: 'stop-instance', group: 'web', zone: null };
    // A revert of an instance moto does not know: applying it fails, and the command says so (exit 1).
    const id = await registry.register(
      {
        kind: 'start-instance',
        resource: 'i-00000000000000bad',
        account: MOTO_ACCOUNT,
        region: 'us-east-1',
        params: {},
      },
      new Date(0),
      meta,
    );
    const config = writeConfigFile(testRedisYaml(prefix));
    const list = await simian('revert', '--list', '-c', config, '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).reverts.map((record: { id: string }) => record.id)).toEqual([id]);
    const due = await simian('revert', '--due', '-c', config, '--json');
    expect(due.code).toBe(1);
    expect(JSON.parse(due.stdout).results).toEqual([expect.objectContaining({ id, status: 'failed' })]);
  });

  it('--run with an id no open revert has is bad input (exit 2), naming it', async () => {
    const config = writeConfigFile(testRedisYaml(uniquePrefix('cli-revert')));
    const { code, stdout, stderr } = await simian('revert', '--run', 'nope', '-c', config);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'simian: no revert with id nope: no open revert has that run id or revert id (simian revert --list shows them)\n',
    );
  });

  it('--run takes a revert id as well as a run id', async () => {
    const prefix = uniquePrefix('cli-revert');
    const registry = new RevertRegistry(redis, { prefix });
    const meta = {
      runId: 'run-by-id',
      monkey: 'chaos' as const,
      appliedKind: 'stop-instance',
      group: 'web',
      zone: null,
    };
    const spec = { kind: 'start-instance', account: MOTO_ACCOUNT, region: 'us-east-1', params: {} };
    const id = await registry.register({ ...spec, resource: 'i-00000000000000bad' }, null, meta);
    await registry.register({ ...spec, resource: 'i-00000000000000ba2' }, null, meta);
    const config = writeConfigFile(testRedisYaml(prefix));
    const { stdout } = await simian('revert', '--run', id, '-c', config, '--json');
    expect(JSON.parse(stdout).results.map((result: { id: string }) => result.id)).toEqual([id]);
  });

  it('without a mode is bad input', async () => {
    const { code, stderr } = await simian('revert');
    expect(code).toBe(2);
    expect(stderr).toContain('give exactly one of --list, --due');
  });
});

describe('simian schedule', () => {
  it.each([
    ['2024-13-45', 'is not a date that exists'],
    ['2026-02-29', 'is not a date that exists'],
    ['tomorrow', 'is not a date'],
  ])('--date %s is bad input (exit 2)', async (date, says) => {
    const { code, stdout, stderr } = await simian('schedule', '--date', date);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`simian: --date "${date}" ${says} (expected YYYY-MM-DD)\n`);
  });
});

describe('simian iam-policy', () => {
  it('prints one valid IAM policy document generated from the registry (a monkey whose policy fits one)', async () => {
    const { code, stdout } = await simian(
      'iam-policy',
      '-c',
      writeConfigFile(testRedisYaml('unused')),
      '--monkeys',
      'kong',
    );
    expect(code).toBe(0);
    const policy = JSON.parse(stdout);
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement.flatMap((statement: { Action: string[] }) => statement.Action)).toContain(
      'ec2:TerminateInstances',
    );
  });
});
