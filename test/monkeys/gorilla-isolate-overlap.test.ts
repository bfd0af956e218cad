import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateNetworkAclCommand, ReplaceNetworkAclAssociationCommand } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { unpaced } from '../../core/actuator/pacer.js';
import { applyRevert } from '../../core/actuator/revert-apply.js';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import { fixedClock } from '../../core/clock.js';
import type { GlobalConfig } from '../../core/config/schema.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import {
  aclsOfVpc,
  gorillaConfig,
  gorillaSandbox,
  IN_WINDOW,
  revertDueAsAnotherProcess,
  runDeps,
  silentLogger,
} from './gorilla-harness.js';

const REGION = 'us-east-1';
const sandbox = gorillaSandbox({
  region: REGION,
  zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  groups: [
    { name: 'web-prod', tags: { 'simian:gorilla': 'enabled' }, instancesPerZone: 1 },
    { name: 'api-prod', tags: { 'simian:all': 'enabled' }, instancesPerZone: 1 },
  ],
  snapshots: 0,
});
const { clients, redis } = sandbox;
/** The custom network ACL each zone's subnet is on before any isolation. */
const customAcl: Record<string, string> = {};

const subnet = (zone: string) => sandbox.fleet.subnetsByZone[zone] as string;
const ec2 = () => clients.ec2({ region: REGION });

async function aclOf(subnetId: string): Promise<string | undefined> {
  const acls = await aclsOfVpc(sandbox);
  return acls.find((acl) => acl.Associations?.some((association) => association.SubnetId === subnetId))?.NetworkAclId;
}

async function simianAcls(): Promise<string[]> {
  return (await aclsOfVpc(sandbox))
    .filter((acl) => acl.Tags?.some((tag) => tag.Key === 'simian:isolation'))
    .map((acl) => acl.NetworkAclId as string);
}

async function vpcZoneIdentifiers(): Promise<Record<string, string>> {
  const answer = await clients.autoScaling({ region: REGION }).send(new DescribeAutoScalingGroupsCommand({}));
  return Object.fromEntries(
    (answer.AutoScalingGroups ?? []).map((group) => [group.AutoScalingGroupName, group.VPCZoneIdentifier ?? '']),
  );
}

/** Moves a subnet from the VPC's default ACL to a new custom one (what a real VPC usually has). */
async function giveCustomAcl(zone: string): Promise<string> {
  const created = await ec2().send(new CreateNetworkAclCommand({ VpcId: sandbox.fleet.vpcId }));
  const aclId = created.NetworkAcl?.NetworkAclId as string;
  const acls = await aclsOfVpc(sandbox);
  const association = acls
    .flatMap((acl) => acl.Associations ?? [])
    .find((candidate) => candidate.SubnetId === subnet(zone));
  await ec2().send(
    new ReplaceNetworkAclAssociationCommand({
      AssociationId: association?.NetworkAclAssociationId,
      NetworkAclId: aclId,
    }),
  );
  return aclId;
}

/** Two armed isolate runs of one zone, the second while the first one's fault is on; their revert ids, in run order. */
async function overlappingRuns(zone: string, config: GlobalConfig): Promise<[string, string]> {
  const ids: string[] = [];
  for (const runId of [`isolate-first-${zone}`, `isolate-second-${zone}`]) {
    const report = await runMonkey(
      { monkey: 'gorilla', region: REGION, params: { zone, mode: 'isolate' }, flagDryRun: false, runId },
      runDeps(config, clients, redis).deps,
    );
    expect(
      report.actions.map((action) => [action.resource, action.status]),
      runId,
    ).toEqual([[subnet(zone), 'done']]);
    const pending = await new RevertRegistry(redis, { prefix: config.redis.prefix }).pending();
    const mine = pending.filter((record) => record.meta.runId === runId);
    expect(mine, runId).toHaveLength(1);
    ids.push((mine[0] as { id: string }).id);
  }
  expect(await aclOf(subnet(zone))).toMatch(/^acl-/);
  expect(await simianAcls()).toContain(await aclOf(subnet(zone)));
  return ids as [string, string];
}

function revertDeps(config: GlobalConfig) {
  return {
    registry: new RevertRegistry(redis, { prefix: config.redis.prefix }),
    clients,
    pacer: unpaced,
    events: new MemoryEventSink(),
    logger: silentLogger,
    clock: fixedClock(new Date(new Date(IN_WINDOW).getTime() + 31 * 60_000)),
  };
}

beforeAll(async () => {
  for (const zone of ['us-east-1a', 'us-east-1b']) customAcl[zone] = await giveCustomAcl(zone);
});

describe('two isolate runs overlapping on one subnet with a custom network ACL', () => {
  it('reverted first run first: the subnet ends on its custom ACL, and the deny-all ACL is deleted', async () => {
    const groups = await vpcZoneIdentifiers();
    const config = gorillaConfig();
    const [first, second] = await overlappingRuns('us-east-1a', config);
    const deps = revertDeps(config);
    expect((await applyRevert(first, deps)).status).toBe('done');
    expect((await applyRevert(second, deps)).status).toMatch(/done|already/);
    expect(await aclOf(subnet('us-east-1a'))).toBe(customAcl['us-east-1a']);
    expect(await vpcZoneIdentifiers()).toEqual(groups);
    expect(await simianAcls()).toEqual([]);
  });

  it('reverted second run first: the subnet ends on its custom ACL too', async () => {
    const groups = await vpcZoneIdentifiers();
    const config = gorillaConfig();
    const [first, second] = await overlappingRuns('us-east-1b', config);
    const deps = revertDeps(config);
    expect((await applyRevert(second, deps)).status).toBe('done');
    expect((await applyRevert(first, deps)).status).toMatch(/done|already/);
    expect(await aclOf(subnet('us-east-1b'))).toBe(customAcl['us-east-1b']);
    expect(await vpcZoneIdentifiers()).toEqual(groups);
    expect(await simianAcls()).toEqual([]);
  });

  it('reverted by `simian revert --due` from another process: the subnet ends on its custom ACL', async () => {
    const groups = await vpcZoneIdentifiers();
    const config = gorillaConfig();
    await overlappingRuns('us-east-1a', config);
    const results = await revertDueAsAnotherProcess(
      config,
      clients,
      redis,
      new Date(new Date(IN_WINDOW).getTime() + 31 * 60_000),
    );
    // Due at the same time, in either order: the first ends the isolation, the second may still give groups back.
    expect(results.map((result) => result.status)).toEqual([
      expect.stringMatching(/done|already/),
      expect.stringMatching(/done|already/),
    ]);
    expect(await aclOf(subnet('us-east-1a'))).toBe(customAcl['us-east-1a']);
    expect(await vpcZoneIdentifiers()).toEqual(groups);
    expect(await simianAcls()).toEqual([]);
  });

  it('a revert record that saved simian’s own deny-all ACL (an older simian) follows the subnet’s record to the original', async () => {
    const config = gorillaConfig();
    const [first, second] = await overlappingRuns('us-east-1a', config);
    const denyAll = await aclOf(subnet('us-east-1a'));
    const registry = new RevertRegistry(redis, { prefix: config.redis.prefix });
    const record = await registry.get(second);
    const legacy = await registry.register(
      { ...(record?.spec as NonNullable<typeof record>['spec']), params: { networkAclId: denyAll } },
      new Date(0),
      { ...(record?.meta as NonNullable<typeof record>['meta']), runId: 'isolate-legacy' },
    );
    const deps = revertDeps(config);
    expect((await applyRevert(legacy, deps)).status).toBe('done');
    expect(await aclOf(subnet('us-east-1a'))).toBe(customAcl['us-east-1a']);
    expect((await applyRevert(first, deps)).status).toMatch(/done|already/);
    expect((await applyRevert(second, deps)).status).toMatch(/done|already/);
    expect(await aclOf(subnet('us-east-1a'))).toBe(customAcl['us-east-1a']);
  });

  it('a redelivered isolate job (same run id) registers one revert, with the original ACL, and changes nothing more', async () => {
    const groups = await vpcZoneIdentifiers();
    const original = await aclOf(subnet('us-east-1c'));
    const config = gorillaConfig();
    const request = {
      monkey: 'gorilla',
      region: REGION,
      params: { zone: 'us-east-1c', mode: 'isolate' },
      flagDryRun: false,
      runId: 'isolate-redelivered',
    };
    const first = await runMonkey(request, runDeps(config, clients, redis).deps);
    const second = await runMonkey(request, runDeps(config, clients, redis).deps);
    expect(first.actions.map((action) => [action.status, action.reason])).toEqual([['done', null]]);
    expect(second.actions.map((action) => [action.status, action.reason])).toEqual([['done', 'already done']]);
    const pending = await new RevertRegistry(redis, { prefix: config.redis.prefix }).pending();
    expect(pending.map((record) => record.spec.params.networkAclId)).toEqual([original]);

    const results = await revertDueAsAnotherProcess(
      config,
      clients,
      redis,
      new Date(Date.parse(IN_WINDOW) + 31 * 60_000),
    );
    expect(results.map((result) => result.status)).toEqual(['done']);
    expect(await aclOf(subnet('us-east-1c'))).toBe(original);
    expect(await vpcZoneIdentifiers()).toEqual(groups);
    expect(await simianAcls()).toEqual([]);
  });
});
