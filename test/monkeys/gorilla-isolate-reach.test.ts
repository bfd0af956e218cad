import { DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import {
  CreateNetworkInterfaceCommand,
  DeleteNetworkInterfaceCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { executePlan } from '../../core/actuator/execute.js';
import { takeSnapshot } from '../../core/aws/inventory.js';
import { decideOptIn } from '../../core/fleet/opt-in.js';
import type { Skip } from '../../core/plan/action.js';
import { gorilla, planGorilla } from '../../monkeys/gorilla.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { subnetsOfZone } from '../../monkeys/shared/zone-subnets.js';
import { executeDeps, runContext } from '../actuator/support.js';
import { MOTO_ACCOUNT } from '../support/env.js';
import {
  aclAssociations,
  gorillaConfig,
  gorillaSandbox,
  minutesAfter,
  revertDueAsAnotherProcess,
  runDeps,
} from './gorilla-harness.js';

const REGION = 'us-east-1';
const sandbox = gorillaSandbox({
  region: REGION,
  zones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'],
  groups: [
    { name: 'web-prod', tags: { 'simian:gorilla': 'enabled' }, instancesPerZone: 1 },
    { name: 'api-prod', tags: { 'simian:all': 'enabled' }, instancesPerZone: 1 },
    // Not opted in; lists zone b's subnet without an instance there (yet), and hosts one in zone c.
    { name: 'batch-dev', zones: ['us-east-1b', 'us-east-1c'], instancesPerZone: { 'us-east-1c': 1 } },
    // Opted in, but lives in zone d alone: while d is isolated it could only launch into the cut-off subnet.
    { name: 'solo-prod', tags: { 'simian:gorilla': 'enabled' }, zones: ['us-east-1d'], instancesPerZone: 1 },
  ],
  snapshots: 0,
});
const { clients, redis } = sandbox;

const subnet = (zone: string) => sandbox.fleet.subnetsByZone[zone] as string;
const ec2 = () => clients.ec2({ region: REGION });
const autoScaling = () => clients.autoScaling({ region: REGION });

const associations = () => aclAssociations(sandbox);

async function vpcZoneIdentifiers(): Promise<Record<string, string>> {
  const answer = await autoScaling().send(new DescribeAutoScalingGroupsCommand({}));
  return Object.fromEntries(
    (answer.AutoScalingGroups ?? []).map((group) => [group.AutoScalingGroupName, group.VPCZoneIdentifier ?? '']),
  );
}

async function launchLoose(subnetId: string): Promise<string> {
  const launched = await ec2().send(
    new RunInstancesCommand({
      ImageId: sandbox.fleet.imageId,
      InstanceType: 't3.micro',
      SubnetId: subnetId,
      MinCount: 1,
      MaxCount: 1,
    }),
  );
  return launched.Instances?.[0]?.InstanceId as string;
}

/** An armed isolate run whose hook runs between the plan and the first mutating call (the confirmation step). */
function isolateArmed(zone: string, betweenPlanAndAct: () => Promise<void> = async () => {}) {
  const config = gorillaConfig();
  const { deps, clock } = runDeps(config, clients, redis);
  const run = runMonkey(
    { monkey: 'gorilla', region: REGION, params: { zone, mode: 'isolate' }, flagDryRun: false },
    {
      ...deps,
      confirm: async () => {
        await betweenPlanAndAct();
        return true;
      },
    },
  );
  return { run, config, clock };
}

const reachSkip = (resource: string, reason: RegExp): Skip =>
  expect.objectContaining({ resource, guard: 'reach', reason: expect.stringMatching(reason) }) as unknown as Skip;

describe('gorilla isolate: what the deny-all ACL reaches is checked right before it is applied', () => {
  it('while a subnet is isolated its opted-in groups do not launch into it; the revert gives it back to them exactly', async () => {
    const before = { acls: await associations(), groups: await vpcZoneIdentifiers() };
    const { run, config, clock } = isolateArmed('us-east-1a');
    const report = await run;
    expect(report.actions).toEqual([
      expect.objectContaining({ kind: 'isolate-subnets', resource: subnet('us-east-1a'), status: 'done' }),
    ]);
    expect((await associations())[subnet('us-east-1a')]).toMatch(/deny-all/);
    const during = await vpcZoneIdentifiers();
    for (const group of ['web-prod', 'api-prod']) {
      expect(during[group]?.split(','), group).not.toContain(subnet('us-east-1a'));
      expect(during[group]?.split(',').length, group).toBe(3);
    }
    expect(during['batch-dev']).toBe(before.groups['batch-dev']);

    const results = await revertDueAsAnotherProcess(config, clients, redis, minutesAfter(clock, 31));
    expect(results.map((result) => result.status)).toEqual(['done']);
    expect(await associations()).toEqual(before.acls);
    expect(await vpcZoneIdentifiers()).toEqual(before.groups);
  });

  it('spares the subnet when an instance that is not opted in was launched into it between plan and act', async () => {
    const before = await associations();
    let intruder = '';
    const { run } = isolateArmed('us-east-1a', async () => {
      intruder = await launchLoose(subnet('us-east-1a'));
    });
    const report = await run;
    expect(report.actions).toEqual([]);
    expect(report.skipped).toEqual(
      expect.arrayContaining([reachSkip(subnet('us-east-1a'), new RegExp(`${intruder}.*no Auto Scaling group`))]),
    );
    expect(await associations()).toEqual(before);
    await ec2().send(new TerminateInstancesCommand({ InstanceIds: [intruder] }));
  });

  it('spares the subnet when a group that is not opted in starts launching into it between plan and act', async () => {
    const before = { acls: await associations(), groups: await vpcZoneIdentifiers() };
    const listed = `${before.groups['batch-dev']},${subnet('us-east-1a')}`;
    const { run } = isolateArmed('us-east-1a', async () => {
      await autoScaling().send(
        new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'batch-dev', VPCZoneIdentifier: listed }),
      );
    });
    const report = await run;
    expect(report.actions).toEqual([]);
    expect(report.skipped).toEqual(
      expect.arrayContaining([reachSkip(subnet('us-east-1a'), /group batch-dev launches into it.*not opted in/)]),
    );
    expect(await associations()).toEqual(before.acls);
    expect((await vpcZoneIdentifiers())['web-prod']).toBe(before.groups['web-prod']);
    await autoScaling().send(
      new UpdateAutoScalingGroupCommand({
        AutoScalingGroupName: 'batch-dev',
        VPCZoneIdentifier: before.groups['batch-dev'],
      }),
    );
  });

  it('spares the subnet when a network interface of no instance (a load balancer, a NAT gateway ...) appeared in it', async () => {
    const before = await associations();
    let eni = '';
    const { run } = isolateArmed('us-east-1a', async () => {
      const created = await ec2().send(
        new CreateNetworkInterfaceCommand({ SubnetId: subnet('us-east-1a'), Description: 'ELB app/web/1' }),
      );
      eni = created.NetworkInterface?.NetworkInterfaceId as string;
    });
    const report = await run;
    expect(report.actions).toEqual([]);
    expect(report.skipped).toEqual(expect.arrayContaining([reachSkip(subnet('us-east-1a'), new RegExp(eni))]));
    expect(await associations()).toEqual(before);
    await ec2().send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eni }));
  });

  it('a dry run reports the reach check too (plan, then an intruder, then execute)', async () => {
    const target = { region: REGION, account: MOTO_ACCOUNT };
    const snapshot = await takeSnapshot(clients, target);
    const plan = planGorilla(
      snapshot,
      { zone: 'us-east-1a', mode: 'isolate', duration: 30 * 60_000 },
      (group) => decideOptIn(group, gorilla, undefined, { account: MOTO_ACCOUNT, region: REGION }),
      await subnetsOfZone('us-east-1a', clients, target),
    );
    expect(plan.actions.map((action) => action.resource)).toEqual([subnet('us-east-1a')]);
    const intruder = await launchLoose(subnet('us-east-1a'));
    const report = await executePlan(plan, runContext({ monkey: 'gorilla' }), executeDeps(clients));
    expect(report.actions).toEqual([]);
    expect(report.skipped.filter((skip) => skip.guard === 'reach')).toEqual([
      reachSkip(subnet('us-east-1a'), new RegExp(intruder)),
    ]);
    await ec2().send(new TerminateInstancesCommand({ InstanceIds: [intruder] }));
  });

  it('the plan spares a subnet that a group which is not opted in lists, even with no instance of it there yet', async () => {
    const { deps } = runDeps(gorillaConfig(), clients, redis);
    const report = await runMonkey(
      { monkey: 'gorilla', region: REGION, params: { zone: 'us-east-1b', mode: 'isolate' }, flagDryRun: true },
      deps,
    );
    expect(report.actions).toEqual([]);
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          resource: subnet('us-east-1b'),
          guard: 'opt-in',
          reason: expect.stringMatching(/group batch-dev launches into the subnet/),
        }),
      ]),
    );
  });

  it('the plan spares a subnet an opted-in group cannot leave (its every subnet would be isolated)', async () => {
    const { deps } = runDeps(gorillaConfig(), clients, redis);
    const report = await runMonkey(
      { monkey: 'gorilla', region: REGION, params: { zone: 'us-east-1d', mode: 'isolate' }, flagDryRun: true },
      deps,
    );
    expect(report.actions).toEqual([]);
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          resource: subnet('us-east-1d'),
          guard: 'gorilla-isolate',
          reason: expect.stringMatching(/solo-prod has no subnet outside/),
        }),
      ]),
    );
  });
});
