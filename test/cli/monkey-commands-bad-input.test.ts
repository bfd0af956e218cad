import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, DescribeNetworkAclsCommand } from '@aws-sdk/client-ec2';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
} from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../core/aws/clients.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { runCliCaptured } from '../support/cli.js';
import { testRedisYaml } from '../support/config-file.js';
import { MOTO_ACCOUNT, redisUrl, testClients, uniquePrefix } from '../support/env.js';

let clients: AwsClients;
let dir: string;
let armedConfig: string;
let plainConfig: string;
let hostedZoneId: string;

/** Everything a mutation could change: instance states, group subnets, ACL associations, Route 53 weights. */
async function world() {
  const region = { region: 'us-east-1' };
  const [instances, groups, acls, records] = await Promise.all([
    clients.ec2(region).send(new DescribeInstancesCommand({})),
    clients.autoScaling(region).send(new DescribeAutoScalingGroupsCommand({})),
    clients.ec2(region).send(new DescribeNetworkAclsCommand({})),
    clients.route53(region).send(new ListResourceRecordSetsCommand({ HostedZoneId: hostedZoneId })),
  ]);
  return JSON.stringify([
    (instances.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => `${i.InstanceId}:${i.State?.Name}`),
    (groups.AutoScalingGroups ?? []).map(
      (g) => `${g.AutoScalingGroupName}:${g.VPCZoneIdentifier}:${g.DesiredCapacity}`,
    ),
    (acls.NetworkAcls ?? []).map((a) => `${a.NetworkAclId}:${(a.Associations ?? []).map((x) => x.SubnetId).join(',')}`),
    (records.ResourceRecordSets ?? []).map((s) => `${s.SetIdentifier}:${s.Weight}`),
  ]);
}

/** The sandbox's account and the test Redis: these cases are about the input, judged after the account. */
function sandboxAccountYaml(): string {
  return `accounts:\n  - id: "${MOTO_ACCOUNT}"\n${testRedisYaml(uniquePrefix('cli'))}`;
}

function writeConfig(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  clients = testClients();
  dir = mkdtempSync(join(tmpdir(), 'simian-cli-'));
  armedConfig = writeConfig(
    'armed.yaml',
    [
      'armed: true',
      'accounts:',
      `  - id: "${MOTO_ACCOUNT}"`,
      'regions: [us-east-1]',
      'redis:',
      `  url: ${redisUrl()}`,
      `  prefix: ${uniquePrefix('cli')}`,
      'caps: { maxPerRun: 100, maxPercentPerGroup: 100, minHealthy: 0, maxPerDayPerGroup: 100 }',
      '',
    ].join('\n'),
  );
  plainConfig = writeConfig('plain.yaml', sandboxAccountYaml());
  await seedFleet(clients, {
    region: 'us-east-1',
    zones: ['us-east-1a', 'us-east-1b'],
    groups: [{ name: 'web-prod', tags: { 'simian:all': 'enabled' }, instancesPerZone: 1 }],
    snapshots: 0,
  });
  const zone = await clients
    .route53({ region: 'us-east-1' })
    .send(new CreateHostedZoneCommand({ Name: 'cli.example.com', CallerReference: `cli-${Date.now()}` }));
  hostedZoneId = (zone.HostedZone?.Id ?? '').replace('/hostedzone/', '');
  await clients.route53({ region: 'us-east-1' }).send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: hostedZoneId,
      ChangeBatch: {
        Changes: ['us-east-1', 'us-west-2'].map((setIdentifier, index) => ({
          Action: 'CREATE',
          ResourceRecordSet: {
            Name: 'api.cli.example.com',
            Type: 'A',
            SetIdentifier: setIdentifier,
            Weight: 50,
            TTL: 60,
            ResourceRecords: [{ Value: `10.0.1.${index + 1}` }],
          },
        })),
      },
    }),
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  clients.destroy();
});

const record = () => `${hostedZoneId}:api.cli.example.com`;

/** A config whose schedules/kong.yaml holds one kong entry per [id, set identifier of its record]. */
function withKongEntries(name: string, entries: [string, string][]): string {
  mkdirSync(join(dir, name, 'schedules'), { recursive: true });
  const lines = entries.flatMap(([id, setIdentifier]) => [
    `  - id: ${id}`,
    '    monkey: kong',
    `    params: { records: [{ hostedZoneId: ${hostedZoneId}, name: api.cli.example.com, setIdentifier: ${setIdentifier} }] }`,
  ]);
  writeFileSync(join(dir, name, 'schedules', 'kong.yaml'), ['schedules:', ...lines, ''].join('\n'));
  return writeConfig(join(name, 'simian.yaml'), sandboxAccountYaml());
}

/** [what is wrong, argv (after the program name), what the one sentence on stderr must say]. */
const badInvocations: [string, () => string[], RegExp][] = [
  ['gorilla without --zone', () => ['gorilla'], /required option '--zone <az>'/],
  ['gorilla --zone without a value', () => ['gorilla', '--zone'], /argument missing/],
  ['a malformed zone', () => ['gorilla', '--zone', 'useast1a'], /"useast1a" is not an availability zone/],
  ['a region given as the zone', () => ['gorilla', '--zone', 'us-east-1'], /"us-east-1" is not an availability zone/],
  ['an upper-case zone', () => ['gorilla', '--zone', 'US-EAST-1A'], /"US-EAST-1A" is not an availability zone/],
  [
    'a zone of another region',
    () => ['gorilla', '--zone', 'eu-west-1a', '--region', 'us-east-1'],
    /zone eu-west-1a is not in region us-east-1/,
  ],
  [
    'a zone the region does not have',
    () => ['gorilla', '--zone', 'us-east-1z'],
    /zone us-east-1z does not exist in region us-east-1/,
  ],
  [
    'an unknown mode',
    () => ['gorilla', '--zone', 'us-east-1a', '--mode', 'explode'],
    /mode "explode" is unknown \(expected terminate, exclude, isolate\)/,
  ],
  [
    'a duration above 12h',
    () => ['gorilla', '--zone', 'us-east-1a', '--mode', 'exclude', '--duration', '13h'],
    /duration 13h is out of range/,
  ],
  [
    'a duration below 1m',
    () => ['gorilla', '--zone', 'us-east-1a', '--duration', '30s'],
    /duration 30s is out of range/,
  ],
  ['a malformed duration', () => ['gorilla', '--zone', 'us-east-1a', '--duration', 'soon'], /"soon" is not a duration/],
  ['a negative duration', () => ['gorilla', '--zone', 'us-east-1a', '--duration', '-5m'], /"-5m" is not a duration/],
  [
    'two regions for one zone',
    () => ['gorilla', '--zone', 'us-east-1a', '--region', 'us-east-1', '--region', 'us-west-2'],
    /gorilla works in one region, but --region was given 2 times/,
  ],
  ['an unknown option', () => ['gorilla', '--zone', 'us-east-1a', '--bogus'], /unknown option '--bogus'/],
  ['a missing config file', () => ['gorilla', '--zone', 'us-east-1a', '-c', join(dir, 'nope.yaml')], /nope\.yaml/],
  [
    'a config with a typo',
    () => ['gorilla', '--zone', 'us-east-1a', '-c', writeConfig('typo.yaml', 'armed: false\narmd: true\n')],
    /typo\.yaml:2:1/,
  ],
  [
    'an armed gorilla run without --yes and no terminal',
    () => ['gorilla', '--zone', 'us-east-1a', '--no-dry-run', '-c', armedConfig],
    /pass --yes to confirm zone us-east-1a/,
  ],
  ['kong without --region', () => ['kong', '--record', record()], /kong needs --region <name>/],
  [
    'kong with two regions',
    () => ['kong', '--region', 'us-east-1', '--region', 'us-west-2', '--record', record()],
    /kong evacuates one region, but --region was given 2 times/,
  ],
  [
    'kong with a malformed region',
    () => ['kong', '--region', 'useast1', '--record', record()],
    /"useast1" is not an AWS region/,
  ],
  ['kong without any record', () => ['kong', '--region', 'us-east-1'], /kong needs at least one Route 53 record/],
  [
    'kong without --record, whose schedule entry names a set the record does not have',
    () => ['kong', '--region', 'us-east-1', '-c', withKongEntries('kong-entry', [['drill', 'blue']])],
    /has no set "blue"/,
  ],
  [
    "kong with --schedule picking the entry whose record lacks the set (not the first entry's records)",
    () => [
      'kong',
      '--region',
      'us-east-1',
      '--schedule',
      'drill',
      '-c',
      withKongEntries('kong-picked', [
        ['weekly', 'us-east-1'],
        ['drill', 'blue'],
      ]),
    ],
    /has no set "blue"/,
  ],
  [
    'kong with a record missing its name',
    () => ['kong', '--region', 'us-east-1', '--record', 'Z123'],
    /--record "Z123" is malformed/,
  ],
  [
    'kong with an empty record part',
    () => ['kong', '--region', 'us-east-1', '--record', 'Z123::A'],
    /--record "Z123::A" is malformed/,
  ],
  [
    'kong with a lower-case record type',
    () => ['kong', '--region', 'us-east-1', '--record', `${record()}:a`],
    /expected a record type such as A, AAAA or CNAME/,
  ],
  [
    'kong with a zero duration',
    () => ['kong', '--region', 'us-east-1', '--record', record(), '--duration', '0m'],
    /duration 0s is out of range/,
  ],
  [
    'kong with a hosted zone that does not exist',
    () => ['kong', '--region', 'us-east-1', '--record', 'ZNOSUCHZONE1:api.cli.example.com'],
    /hosted zone ZNOSUCHZONE1 does not exist/,
  ],
  [
    'kong with a set the record does not have',
    () => ['kong', '--region', 'us-east-1', '--record', `${record()}:A:blue`],
    /has no set "blue" \(its sets: us-east-1, us-west-2\)/,
  ],
  [
    'an armed kong run without --yes and no terminal',
    () => ['kong', '--region', 'us-east-1', '--record', record(), '--no-dry-run', '-c', armedConfig],
    /pass --yes to confirm region us-east-1/,
  ],
  ['kong with a value for a flag', () => ['kong', '--region', 'us-east-1', '--then-gorilla=yes'], /--then-gorilla/],
  ['an unknown command', () => ['gorila', '--zone', 'us-east-1a'], /unknown command 'gorila'/],
  // A single-valued option given twice is refused, never "the last one wins" (acting on b when a was meant).
  [
    'gorilla with --zone twice',
    () => ['gorilla', '--zone', 'us-east-1a', '--zone', 'us-east-1b'],
    /--zone was given twice \(us-east-1a and us-east-1b\); it takes one value/,
  ],
  [
    'gorilla with --zone twice, one written --zone=',
    () => ['gorilla', '--zone=us-east-1a', '--zone=us-east-1b'],
    /--zone was given twice/,
  ],
  [
    'gorilla with --mode twice',
    () => ['gorilla', '--zone', 'us-east-1a', '--mode', 'exclude', '--mode', 'terminate'],
    /--mode was given twice \(exclude and terminate\)/,
  ],
  [
    'gorilla with --duration twice',
    () => ['gorilla', '--zone', 'us-east-1a', '--mode', 'exclude', '--duration', '5m', '--duration', '10m'],
    /--duration was given twice/,
  ],
  [
    'gorilla with --schedule twice',
    () => ['gorilla', '--zone', 'us-east-1a', '--schedule', 'a', '--schedule', 'b'],
    /--schedule was given twice/,
  ],
  [
    'gorilla with -c twice',
    () => ['gorilla', '--zone', 'us-east-1a', '-c', plainConfig, '--config', armedConfig],
    /--config was given twice/,
  ],
  [
    'chaos with --group twice',
    () => ['chaos', '--group', 'web-prod', '--group', 'api-prod'],
    /--group was given twice \(web-prod and api-prod\)/,
  ],
  ['chaos with --fault twice', () => ['chaos', '--fault', 'reboot', '--fault', 'terminate'], /--fault was given twice/],
  [
    'kong with --duration twice',
    () => ['kong', '--region', 'us-east-1', '--record', record(), '--duration', '5m', '--duration', '6m'],
    /--duration was given twice/,
  ],
];

describe('gorilla and kong refuse bad invocations with exit 2, one clear sentence, and no change', () => {
  it.each(badInvocations)('%s', async (_what, argv, message) => {
    const before = await world();
    const args = argv();
    const config = args.includes('-c') ? [] : ['-c', plainConfig];
    // The shared options go right after the command, so a case may end with an option that lacks its value.
    const { code, stdout, stderr } = await runCliCaptured([
      ...args.slice(0, 1),
      ...config,
      '--endpoint-url',
      process.env.AWS_ENDPOINT_URL as string,
      ...args.slice(1),
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/^\s+at /m); // no stack trace without --debug
    // Only the confirmation cases print something on stdout: the plan they would have asked about.
    if (!argv().includes('--no-dry-run')) expect(stdout).toBe('');
    expect(await world()).toEqual(before);
  });

  it('refuses an --endpoint-url that is not http(s), before any AWS call', async () => {
    const { code, stdout, stderr } = await runCliCaptured([
      'gorilla',
      '--zone',
      'us-east-1a',
      '-c',
      plainConfig,
      '--endpoint-url',
      'ftp://x',
    ]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'simian: invalid configuration: --endpoint-url: "ftp://x" is not an http:// or https:// URL (sets endpointUrl)\n',
    );
    expect(stdout).toBe('');
  });

  it('the installed gorilla command reports the same way', async () => {
    const { code, stderr } = await runCliCaptured(
      ['gorilla', '--zone', 'us-east-1a', '--mode', 'nope', '-c', plainConfig],
      'gorilla',
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/^gorilla: --mode "nope" is unknown/);
  });
});
