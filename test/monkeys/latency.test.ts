import {
  type Command,
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  ListCommandsCommand,
  SendCommandCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpaced } from '../../core/actuator/pacer.js';
import { applyDueReverts } from '../../core/actuator/revert-apply.js';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import type { AwsClients } from '../../core/aws/clients.js';
import { fixedClock } from '../../core/clock.js';
import { type GlobalConfig, globalConfigSchema } from '../../core/config/schema.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { createLogger } from '../../core/log.js';
import type { SeededFleet } from '../../core/sandbox/seed.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { MOTO_ACCOUNT, redisUrl, testClients, testRedis, uniquePrefix } from '../support/env.js';

const REGION = 'us-east-1';
const clients = testClients();
const ssm = clients.ssm({ region: REGION });
const logger = createLogger({ level: 'silent', pretty: false });
// A Wednesday, 10:00 in Los Angeles: inside the default calendar window.
const clock = fixedClock('2026-11-25T18:00:00Z');
let redis: Redis;
let fleet: SeededFleet;

function config(armed: boolean, prefix = uniquePrefix('latency')): GlobalConfig {
  return globalConfigSchema.parse({ armed, accounts: [{ id: MOTO_ACCOUNT }], redis: { prefix } });
}

function run(
  cfg: GlobalConfig,
  params: Record<string, unknown>,
  { dryRun = true, awsClients = clients }: { dryRun?: boolean; awsClients?: AwsClients } = {},
) {
  return runMonkey(
    { monkey: 'latency', region: REGION, params, flagDryRun: dryRun },
    {
      config: cfg,
      clients: awsClients,
      redis,
      events: new MemoryEventSink(),
      clock,
      logger,
      pacer: unpaced,
      random: () => 0,
      account: async () => ({ id: MOTO_ACCOUNT }),
    },
  );
}

/** The latency commands moto holds (moto records SendCommand's parameters and lists them back). */
async function latencyCommands(): Promise<Command[]> {
  const listed = await ssm.send(new ListCommandsCommand({}));
  return (listed.Commands ?? []).filter((command) => command.Comment?.startsWith('simian latency'));
}

/** These clients, but SSM answers from `replacement` (for the calls moto cannot answer), read-only ones too. */
function withSsm(base: AwsClients, replacement: SSMClient): AwsClients {
  const wrapped = Object.create(base) as AwsClients;
  wrapped.ssm = () => replacement;
  wrapped.readOnly = () => withSsm(base.readOnly(), replacement);
  wrapped.as = (identity) => withSsm(base.as(identity), replacement);
  return wrapped;
}

const instancesOf = (name: string) => fleet.groups.find((group) => group.name === name)?.instanceIds ?? [];

beforeAll(async () => {
  redis = testRedis();
  fleet = await seedFleet(clients, {
    region: REGION,
    zones: ['us-east-1a'],
    groups: [
      { name: 'lat-prod', tags: { 'simian:latency': 'enabled' }, instancesPerZone: 3 },
      { name: 'all-prod', tags: { 'simian:all': 'enabled' }, instancesPerZone: 2 },
      { name: 'quiet-prod', tags: { 'simian:chaos': 'enabled' }, instancesPerZone: 1 },
    ],
  });
});

afterAll(() => redis.disconnect());

describe('latency against AWS (moto) and Redis', () => {
  it('a dry run plans one instance per opted-in group, says once that SSM could not tell, and sends no command', async () => {
    const before = (await latencyCommands()).length;
    const report = await run(config(false), { delay: '200ms', jitter: '50ms', duration: '10m' });
    expect(report.dryRun).toBe(true);
    const planned = report.actions.filter((action) => ['lat-prod', 'all-prod'].includes(action.group ?? ''));
    expect(planned.map((action) => [action.group, action.kind, action.status]).sort()).toEqual([
      ['all-prod', 'delay-network', 'planned'],
      ['lat-prod', 'delay-network', 'planned'],
    ]);
    expect(report.skipped).toContainEqual(
      expect.objectContaining({ resource: instancesOf('quiet-prod')[0], guard: 'opt-in' }),
    );
    // moto has no DescribeInstanceInformation: the run goes on and says so in its target, once.
    expect(report.target).toMatchObject({ region: REGION, delay: '200ms', jitter: '50ms', duration: '10m' });
    expect(report.target.ssm).toBe(
      'reachability unknown, every instance tried: AWS SSM DescribeInstanceInformation answered HTTP 500 (not implemented by this endpoint?)',
    );
    expect(report.skipped.filter((skip) => skip.guard === 'ssm')).toEqual([]);
    expect((await latencyCommands()).length).toBe(before);
  });

  it('armed: the script moto received arms its own removal before netem starts, and another process reverts it after the duration', async () => {
    const prefix = uniquePrefix('latency-armed');
    const report = await run(
      config(true, prefix),
      {
        group: 'lat-prod',
        delay: '200ms',
        jitter: '50ms',
        lossPercent: 1,
        correlationPercent: 25,
        to: ['10.0.0.0/8'],
        ports: [443],
        count: 2,
        duration: '10m',
      },
      { dryRun: false },
    );
    expect(report.actions.map((action) => [action.kind, action.status, action.revertAt])).toEqual([
      ['delay-network', 'done', '2026-11-25T18:10:00.000Z'],
      ['delay-network', 'done', '2026-11-25T18:10:00.000Z'],
    ]);
    const hit = report.actions.map((action) => action.resource);
    expect(instancesOf('lat-prod')).toEqual(expect.arrayContaining(hit));

    // The comment ends with the action's token, by which a retry finds a send it never recorded.
    const sent = (await latencyCommands()).filter((command) =>
      /^simian latency 200ms for 600s simian-[0-9a-f]{12}$/.test(command.Comment ?? ''),
    );
    expect(sent.length).toBeGreaterThanOrEqual(2);
    const script = sent.at(-1)?.Parameters?.commands ?? [];
    expect(sent.at(-1)?.DocumentName).toBe('AWS-RunShellScript');
    const at = (text: string) => script.findIndex((line) => line.includes(text));
    expect(at('D=600')).toBeGreaterThan(0);
    expect(at('systemd-run --on-active="$D" --unit=simian-undo-network-latency')).toBeGreaterThan(at('SIMIAN_UNDO'));
    expect(at('systemd-run --on-active="$D"')).toBeLessThan(at('root handle 1: prio'));
    expect(script.join('\n')).toContain('parent 1:1 handle 10: netem delay 200ms 50ms 25% loss 1% 25%');
    expect(script.join('\n')).toContain('u32 match ip dst 10.0.0.0/8 match ip dport 443 0xffff flowid 1:1');

    // Another process (its own Redis connection), after the deadline: the revert jobs' work.
    const other = new Redis(redisUrl(), { maxRetriesPerRequest: null });
    try {
      const registry = new RevertRegistry(other, { prefix });
      const deps = {
        registry,
        clients,
        pacer: unpaced,
        events: new MemoryEventSink(),
        logger,
        clock: fixedClock('2026-11-25T18:10:00Z'),
      };
      const results = await applyDueReverts(deps);
      expect(results.map((result) => result.status)).toEqual(['done', 'done']);
      const listed = await ssm.send(new ListCommandsCommand({}));
      const cancels = (listed.Commands ?? []).filter((c) => c.Comment === 'simian latency: end network-latency');
      expect(cancels.length).toBeGreaterThanOrEqual(2);
      expect(cancels.at(-1)?.Parameters?.commands?.join('\n')).toContain('sh /run/simian/network-latency.undo');
      // Delivered again: nothing more to do.
      expect((await applyDueReverts(deps)).map((result) => result.status)).toEqual([]);
      expect(await registry.pending()).toEqual([]);
    } finally {
      other.disconnect();
    }
  });

  it('instances SSM reports unmanaged or offline are spared with the reason (aws-sdk-client-mock answers DescribeInstanceInformation, which moto lacks)', async () => {
    const [online, lost, unmanaged] = instancesOf('lat-prod') as [string, string, string];
    const mockedSsm = new SSMClient({ region: REGION });
    mockClient(mockedSsm)
      .on(DescribeInstanceInformationCommand)
      .resolves({
        InstanceInformationList: [
          { InstanceId: online, PingStatus: 'Online' },
          { InstanceId: lost, PingStatus: 'ConnectionLost' },
        ],
      });
    const report = await run(
      config(false),
      { group: 'lat-prod', count: 3 },
      { awsClients: withSsm(clients, mockedSsm) },
    );
    expect(report.actions.map((action) => action.resource)).toEqual([online]);
    expect(report.skipped.filter((skip) => skip.guard === 'ssm').map((skip) => [skip.resource, skip.reason])).toEqual(
      expect.arrayContaining([
        [lost, 'SSM agent is ConnectionLost'],
        [unmanaged, 'not managed by SSM (no agent registered)'],
      ]),
    );
    expect(report.target.ssm).toBeUndefined();
  });

  it('a failed invocation is a failed action (aws-sdk-client-mock answers GetCommandInvocation: moto never runs scripts)', async () => {
    const mockedSsm = new SSMClient({ region: REGION });
    const mock = mockClient(mockedSsm);
    // SendCommand still goes to moto; only the invocation's outcome is made up.
    mock.on(SendCommandCommand).callsFake((input) => ssm.send(new SendCommandCommand(input)));
    mock.on(DescribeInstanceInformationCommand).rejects(new Error('not implemented'));
    mock.on(GetCommandInvocationCommand).resolves({
      Status: 'Failed',
      StandardErrorContent: 'simian: cannot add netem to eth0 (it already has a root qdisc, or tc is missing)',
    });
    const report = await run(
      config(true),
      { group: 'all-prod', percent: 50, duration: '5m' },
      { dryRun: false, awsClients: withSsm(clients, mockedSsm) },
    );
    expect(report.actions).toHaveLength(1);
    expect(report.actions[0]).toMatchObject({ kind: 'delay-network', status: 'failed' });
    expect(report.actions[0]?.reason).toMatch(/SSM command \S+ Failed: simian: cannot add netem to eth0/);
    expect(report.summary).toMatchObject({ done: 0, failed: 1 });
    expect(mock.commandCalls(GetCommandInvocationCommand)[0]?.args[0].input).toMatchObject({
      InstanceId: report.actions[0]?.resource,
    });
  });
});
