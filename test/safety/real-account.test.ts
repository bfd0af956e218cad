import { DescribeInstancesCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { CreateAccountAliasCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { AwsClients, GLOBAL_REGION } from '../../core/aws/clients.js';
import { learnAccount } from '../../core/aws/real-account.js';
import { openFleetQueue } from '../../core/queue/fleet-queue.js';
import { closeRedis, openRedis } from '../../core/redis/connection.js';
import { dailyPlanning, pipelineRunner, registryRevertSource } from '../../core/run/pipeline.js';
import { ALWAYS_OPEN_CALENDAR } from '../../core/sandbox/always-open-calendar.js';
import { type SeededFleet, seedFleet } from '../../core/sandbox/seed.js';
import { loadAlwaysOpenConfig } from '../queue/support/always-open-config.js';
import { testPipelineParts } from '../queue/support/pipeline-parts.js';
import { type CliOutcome, runCliCaptured } from '../support/cli.js';
import { testRedisYaml, writeConfigFile } from '../support/config-file.js';
import { MOTO_ACCOUNT, redisUrl, testClients, uniquePrefix } from '../support/env.js';

/**
 * The account of the credentials, not the one the config names. moto 5.2 keeps one world per account and tells
 * which by the access key: keys it issued through AssumeRole act in the role's account (a made-up 12-digit key does
 * not: it lands in the default account 123456789012). "Credentials of another account left in the shell" are the
 * keys of a role assumed in PROD_ACCOUNT.
 */
const PROD_ACCOUNT = '444455556666';
const REGION = 'us-east-1';
const ZONES = ['us-east-1a', 'us-east-1b'];

let prodCredentials: AwsCredentialIdentity;
let prodClients: AwsClients;
let fleet: SeededFleet;

beforeAll(async () => {
  const assumed = await testClients()
    .sts({ region: REGION })
    .send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD_ACCOUNT}:role/admin`, RoleSessionName: 'someone' }));
  const keys = assumed.Credentials;
  if (!keys?.AccessKeyId || !keys.SecretAccessKey) throw new Error('moto AssumeRole returned no credentials');
  prodCredentials = {
    accessKeyId: keys.AccessKeyId,
    secretAccessKey: keys.SecretAccessKey,
    ...(keys.SessionToken ? { sessionToken: keys.SessionToken } : {}),
  };
  prodClients = new AwsClients({
    endpointUrl: process.env.AWS_ENDPOINT_URL,
    credentials: prodCredentials,
    maxAttempts: 1,
    requestTimeoutMs: 300_000,
  });
  fleet = await seedFleet(prodClients, {
    region: REGION,
    zones: ZONES,
    groups: [{ name: 'web-prod', tags: { 'simian:all': 'enabled' }, instancesPerZone: 2 }],
    volumes: { detached: 1 },
  });
  await prodClients.iam({ region: GLOBAL_REGION }).send(new CreateAccountAliasCommand({ AccountAlias: 'acme-prod' }));
});

/** A config armed all day with caps wide open: only the account can stop a run. */
function config(accounts: string, extra = ''): string {
  return writeConfigFile(
    [
      'armed: true',
      `regions: [${REGION}]`,
      accounts,
      `calendar: ${JSON.stringify(ALWAYS_OPEN_CALENDAR)}`,
      'caps: { maxPerRun: 100, maxPercentPerGroup: 100, minHealthy: 0, maxPerDayPerGroup: 100 }',
      extra,
      testRedisYaml(),
    ].join('\n'),
  );
}

const SANDBOX_ONLY = `accounts:\n  - id: "${MOTO_ACCOUNT}"\n    alias: sandbox`;

/** The CLI run in-process with the production account's keys in the environment (as a forgotten AWS_PROFILE). */
async function withProdKeys(argv: string[]): Promise<CliOutcome> {
  const saved = {
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
    AWS_SESSION_TOKEN: process.env.AWS_SESSION_TOKEN,
  };
  process.env.AWS_ACCESS_KEY_ID = prodCredentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = prodCredentials.secretAccessKey;
  process.env.AWS_SESSION_TOKEN = prodCredentials.sessionToken;
  try {
    return await runCliCaptured(argv);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** `gorilla --zone us-east-1a --no-dry-run --yes --json -c <config>`: the armed run of the issue. */
function armedGorilla(configPath: string): string[] {
  return ['gorilla', '--zone', 'us-east-1a', '--no-dry-run', '--yes', '--json', '-c', configPath];
}

async function runningInProd(): Promise<string[]> {
  const answer = await prodClients
    .ec2({ region: REGION })
    .send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }));
  return (answer.Reservations ?? []).flatMap((reservation) =>
    (reservation.Instances ?? []).map((instance) => instance.InstanceId as string),
  );
}

const WRONG_ACCOUNT = new RegExp(`credentials.*${PROD_ACCOUNT}.*${MOTO_ACCOUNT}|${MOTO_ACCOUNT}.*${PROD_ACCOUNT}`);

describe('the account of the credentials decides, not the config', () => {
  it('an armed gorilla with another account’s keys is refused (exit 3, guard account, both ids) and kills nothing', async () => {
    const before = await runningInProd();
    expect(before).toHaveLength(4);
    const { code, stdout } = await withProdKeys(armedGorilla(config(SANDBOX_ONLY)));
    expect(code).toBe(3);
    const document = JSON.parse(stdout);
    expect(document.refused).toEqual({ guard: 'account', reason: expect.stringMatching(WRONG_ACCOUNT) });
    expect(document.actions).toEqual([]);
    expect(await runningInProd()).toEqual(before);
  });

  it('a dry run in the wrong account is refused too', async () => {
    const { code, stdout } = await withProdKeys(['gorilla', '--zone', 'us-east-1a', '-c', config(SANDBOX_ONLY)]);
    expect(code).toBe(3);
    expect(stdout).toMatch(/refused by account: /);
    expect(stdout).toMatch(WRONG_ACCOUNT);
  });

  it('an armed janitor with another account’s keys is refused and leaves the volume as it was', async () => {
    const [volume] = fleet.volumes.detached;
    const { code, stdout } = await withProdKeys([
      'janitor',
      '--no-dry-run',
      '--yes',
      '--json',
      '-c',
      config(SANDBOX_ONLY),
    ]);
    expect(code).toBe(3);
    expect(JSON.parse(stdout).refused).toEqual({ guard: 'account', reason: expect.stringMatching(WRONG_ACCOUNT) });
    const left = await prodClients
      .ec2({ region: REGION })
      .send(new DescribeVolumesCommand({ VolumeIds: [volume as string] }));
    expect(left.Volumes?.[0]?.Tags ?? []).toEqual([]);
  });

  it('inventory with another account’s keys reads nothing: exit 3, one sentence naming both ids', async () => {
    const { code, stdout, stderr } = await withProdKeys(['inventory', '--json', '-c', config(SANDBOX_ONLY)]);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^simian: .*\n$/);
    expect(stderr).toMatch(WRONG_ACCOUNT);
  });

  it('a configured role is checked with its own credentials: a role in another account is refused', async () => {
    const roled = `accounts:\n  - id: "${MOTO_ACCOUNT}"\n    roleArn: arn:aws:iam::${PROD_ACCOUNT}:role/simian`;
    const { code, stdout } = await runCliCaptured(['gorilla', '--zone', 'us-east-1a', '--json', '-c', config(roled)]);
    expect(code).toBe(3);
    expect(JSON.parse(stdout).refused).toEqual({ guard: 'account', reason: expect.stringMatching(WRONG_ACCOUNT) });
  });

  it('inventory shows the account and alias the credentials act in', async () => {
    const roled = `accounts:\n  - id: "${PROD_ACCOUNT}"\n    roleArn: arn:aws:iam::${PROD_ACCOUNT}:role/simian`;
    const { code, stdout } = await runCliCaptured(['inventory', '--json', '-c', config(roled)]);
    expect(code).toBe(0);
    const [region] = JSON.parse(stdout).regions;
    expect(region).toMatchObject({ account: PROD_ACCOUNT, accountAlias: 'acme-prod' });
    expect(region.groups.map((group: { name: string }) => group.name)).toEqual(['web-prod']);
  });
});

describe('the alias deny-list reads the real account’s alias', () => {
  const PROD_AS_SANDBOX = `accounts:\n  - id: "${PROD_ACCOUNT}"\n    alias: sandbox`;

  it('an account configured as "sandbox" whose alias is acme-prod is refused by the "prod" pattern', async () => {
    const before = await runningInProd();
    const { code, stdout } = await withProdKeys(armedGorilla(config(PROD_AS_SANDBOX)));
    expect(code).toBe(3);
    expect(JSON.parse(stdout).refused).toEqual({
      guard: 'account',
      reason: expect.stringContaining(`account ${PROD_ACCOUNT} alias "acme-prod" matches the deny pattern "prod"`),
    });
    expect(await runningInProd()).toEqual(before);
  });

  it('allowed by name, the same armed run acts (the refusals above were the account’s)', async () => {
    const { code, stdout } = await withProdKeys(
      armedGorilla(config(PROD_AS_SANDBOX, 'allowlist: { allowAliases: [acme-prod] }')),
    );
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.actions).toHaveLength(2);
    expect(document.actions.every((action: { status: string }) => action.status === 'done')).toBe(true);
  });
});

describe('the fleet learns the account of its credentials too', () => {
  it('a job run with another account’s keys is refused, whatever account the parts hand in', async () => {
    const prefix = uniquePrefix('real-account-fleet');
    const loaded = loadAlwaysOpenConfig(prefix, { id: 'chaos-daily', params: { meanTimeBetweenKillsDays: 1 } });
    const redis = openRedis(redisUrl());
    const queue = openFleetQueue(loaded.global, redis);
    try {
      // The parts' account is moto's default (a test stand-in): runs must not take it on trust.
      const parts = testPipelineParts(() => loaded, { clients: prodClients, redis, queue });
      const before = await runningInProd();
      const report = await pipelineRunner(
        parts,
        registryRevertSource(parts),
      )({
        scheduleId: 'chaos-daily',
        monkey: 'chaos',
        group: 'web-prod',
        region: REGION,
        jobId: 'real-account-job',
        attempt: 1,
      });
      expect(report.refused).toEqual({ guard: 'account', reason: expect.stringMatching(WRONG_ACCOUNT) });
      expect(await runningInProd()).toEqual(before);
      // The daily plan reads nothing there either (the fleet's parts learn the account as the CLI does).
      const learned = { ...parts, account: (region: string) => learnAccount(loaded.global, prodClients, region) };
      await expect(dailyPlanning(learned).candidates('2026-11-24', loaded)).rejects.toThrow(WRONG_ACCOUNT);
    } finally {
      await queue.close();
      await closeRedis(redis);
    }
  });
});
