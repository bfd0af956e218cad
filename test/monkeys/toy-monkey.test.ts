import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTagsCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../core/actuator/iam-policy.js';
import { jsonSchemaText } from '../../core/config/json-schema.js';
import type { RunReport } from '../../core/plan/action.js';
import { type SeededFleet, seedFleet } from '../../core/sandbox/seed.js';
import { allMonkeys, registerMonkey } from '../../monkeys/index.js';
import { simian } from '../support/cli.js';
import { MOTO_ACCOUNT, redisUrl, testClients, uniquePrefix } from '../support/env.js';
import { toy } from '../support/toy-monkey/index.js';
import { POKED_TAG } from '../support/toy-monkey/poke-instance.js';

// The one registry line: everything below comes from the toy's folder and this call.
registerMonkey(toy);

const clients = testClients();
let dir: string;
let fleet: SeededFleet;

function config(name: string, extra: string[] = []): string {
  const path = join(dir, name);
  const lines = [
    'regions: [us-east-1]',
    `accounts: [{ id: "${MOTO_ACCOUNT}" }]`,
    `redis: { url: "${redisUrl()}", prefix: ${uniquePrefix('toy')} }`,
    ...extra,
  ];
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** The toy's mark on each instance that carries it. */
async function pokedMarks(): Promise<Map<string, string>> {
  const tags = await clients
    .ec2({ region: 'us-east-1' })
    .send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: [POKED_TAG] }] }));
  return new Map((tags.Tags ?? []).map((tag) => [tag.ResourceId ?? '', tag.Value ?? '']));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'simian-toy-'));
  fleet = await seedFleet(clients, {
    region: 'us-east-1',
    zones: ['us-east-1a'],
    groups: [
      { name: 'toy-prod', tags: { 'simian:toy': 'enabled' }, instancesPerZone: 2 },
      { name: 'other-prod', tags: {}, instancesPerZone: 1 },
    ],
    snapshots: 0,
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a monkey is one folder, registered once (the test-only toy monkey)', () => {
  it('gets its command: its flags in --help, their values checked by its params schema (exit 2)', async () => {
    const help = await simian('toy', '--help');
    expect(help.stdout).toContain('Toy Monkey: tag every opted-in instance for a while');
    expect(help.stdout).toMatch(/--note <text>\s+what the mark says \(default hello\)/);
    const bad = await simian('toy', '-c', config('plain.yaml'), '--duration', '13h');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--duration 13h is out of range \(expected between 1m and 12h\)/);
    expect(bad.stdout).toBe('');
  });

  it('gets its params in the schedules JSON Schema, with their descriptions', () => {
    const schema = JSON.parse(jsonSchemaText('schedules.schema.json', allMonkeys()));
    const branch = schema.properties.schedules.items.allOf.find(
      (candidate: { if: { properties: { monkey: { const: string } } } }) =>
        candidate.if.properties.monkey.const === 'toy',
    );
    expect(branch.then.properties.params.additionalProperties).toBe(false);
    expect(branch.then.properties.params.properties.note.description).toBe('What the mark on each poked instance says');
  });

  it('gets IAM statements for its effect and its revert, under its own session tag (simian iam-policy)', async () => {
    const { code, stdout } = await simian('iam-policy', '--monkeys', 'toy');
    expect(code).toBe(0);
    const policy = JSON.parse(stdout) as PolicyDocument;
    const granting = (permission: string) =>
      policy.Statement.filter((statement) => statement.Effect === 'Allow' && statement.Action.includes(permission));
    for (const permission of ['ec2:CreateTags', 'ec2:DeleteTags']) {
      expect(granting(permission), permission).not.toHaveLength(0);
      for (const statement of granting(permission)) expect(JSON.stringify(statement.Condition)).toContain('toy');
    }
  });

  it('runs through the actuator: a dry run plans and changes nothing; an armed run tags and registers the revert', async () => {
    const opted = fleet.groups.find((group) => group.name === 'toy-prod')?.instanceIds ?? [];
    expect(opted).toHaveLength(2);

    const dry = await simian('toy', '-c', config('dry.yaml'), '--note', 'hi', '--json');
    expect(dry.code).toBe(0);
    const planned = JSON.parse(dry.stdout) as RunReport;
    expect(planned.actions.map((action) => [action.kind, action.status]).sort()).toEqual([
      ['poke-instance', 'planned'],
      ['poke-instance', 'planned'],
    ]);
    expect(planned.actions.map((action) => action.resource).sort()).toEqual([...opted].sort());
    expect(await pokedMarks()).toEqual(new Map());

    const armed = config('armed.yaml', [
      'armed: true',
      'calendar: { timezone: UTC, days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "23:59" }',
    ]);
    const run = await simian('toy', '-c', armed, '--note', 'hi', '--no-dry-run', '--yes', '--json');
    expect(run.code, run.stderr).toBe(0);
    const done = JSON.parse(run.stdout) as RunReport;
    expect(done.summary).toMatchObject({ done: 2, failed: 0 });
    for (const action of done.actions) expect(action.revertAt, action.resource).not.toBeNull();
    expect(await pokedMarks()).toEqual(new Map(opted.map((id) => [id, 'hi'])));
  });
});
