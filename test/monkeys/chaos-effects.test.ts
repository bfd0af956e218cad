// The action kinds are registered by the monkeys that declare them.
import '../../monkeys/index.js';
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { ListCommandsCommand } from '@aws-sdk/client-ssm';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EffectContext } from '../../core/actuator/effect.js';
import { HOST_FAULTS } from '../../core/actuator/effects/host-fault-scripts.js';
import { getEffect } from '../../core/actuator/registry.js';
import { takeSnapshot } from '../../core/aws/inventory.js';
import { decideOptIn } from '../../core/fleet/opt-in.js';
import type { Action } from '../../core/plan/action.js';
import type { SeededFleet } from '../../core/sandbox/seed.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { chaosParams } from '../../monkeys/chaos/params.js';
import { planChaos } from '../../monkeys/chaos.js';
import { MOTO_ACCOUNT, testClients } from '../support/env.js';
import { identityOf } from '../support/monkey-identity.js';

const REGION = 'us-east-1';
const clients = testClients();
const ec2 = clients.ec2({ region: REGION });
const ctx: EffectContext = { clients, logger: pino({ level: 'silent' }) };
let fleet: SeededFleet;

/** Plans chaos against one group as the CLI would, with a fixed random pick. */
async function planFault(group: string, params: Record<string, unknown>, pick = 0): Promise<Action> {
  const snapshot = await takeSnapshot(clients, { account: MOTO_ACCOUNT, region: REGION });
  const plan = planChaos(
    snapshot,
    chaosParams.parse({ group, ...params }),
    (g) => decideOptIn(g, identityOf('chaos'), undefined, { account: MOTO_ACCOUNT, region: REGION }),
    () => pick,
  );
  expect(plan.actions).toHaveLength(1);
  return plan.actions[0] as Action;
}

async function apply(action: Action) {
  const effect = getEffect(action.kind);
  const saved = (await effect.capture?.([action], ctx))?.get(action.resource) ?? {};
  const [outcome] = await effect.apply([action], ctx);
  return { effect, saved, outcome };
}

async function revert(action: Action, saved: Record<string, unknown>) {
  const effect = getEffect(action.kind);
  const spec = effect.revertOf?.(action, saved);
  if (!spec) throw new Error(`${action.kind} has no revert`);
  const revertAction: Action = { ...spec, group: action.group, zone: action.zone };
  const [outcome] = await getEffect(spec.kind).apply([revertAction], ctx);
  return outcome;
}

async function instance(id: string) {
  const found = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return found.Reservations?.[0]?.Instances?.[0];
}

beforeAll(async () => {
  fleet = await seedFleet(clients, {
    region: REGION,
    zones: ['us-east-1a', 'us-east-1b'],
    groups: [
      { name: 'net-prod', tags: { 'simian:chaos': 'enabled' }, instancesPerZone: 1 },
      { name: 'disk-prod', tags: { 'simian:chaos': 'enabled' }, instancesPerZone: { 'us-east-1a': 1 } },
      { name: 'host-prod', tags: { 'simian:chaos': 'enabled' }, instancesPerZone: { 'us-east-1a': 1 } },
      { name: 'state-prod', tags: { 'simian:chaos': 'enabled' }, instancesPerZone: { 'us-east-1a': 3 } },
    ],
    // One data volume per instance (7 instances).
    volumes: { attached: 7 },
  });
});

describe('chaos faults against AWS (moto)', () => {
  it('block-network swaps the security groups for an empty simian group, and the revert restores them', async () => {
    const action = await planFault('net-prod', { fault: 'block-network', duration: '15m' });
    expect(action).toMatchObject({ kind: 'block-network', group: 'net-prod', durationMs: 15 * 60_000 });
    const { saved, outcome } = await apply(action);
    expect(outcome).toMatchObject({ ok: true });
    expect(saved.securityGroupIds).toEqual([fleet.securityGroupId]);

    const blocked = await instance(action.resource);
    const groupIds = blocked?.SecurityGroups?.map((group) => group.GroupId);
    expect(groupIds).toHaveLength(1);
    expect(groupIds?.[0]).not.toBe(fleet.securityGroupId);
    const quarantine = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: groupIds as string[] }));
    expect(quarantine.SecurityGroups?.[0]).toMatchObject({
      GroupName: 'simian-quarantine',
      VpcId: fleet.vpcId,
      IpPermissions: [],
      IpPermissionsEgress: [],
    });
    // Delivered twice: nothing changes, and the originals are still what the revert will restore.
    const again = await apply(action);
    expect(again.outcome).toMatchObject({ ok: true, already: true });
    expect(again.saved.securityGroupIds).toEqual([fleet.securityGroupId]);

    expect(await revert(action, saved)).toMatchObject({ ok: true });
    const restored = await instance(action.resource);
    expect(restored?.SecurityGroups?.map((group) => group.GroupId)).toEqual([fleet.securityGroupId]);
    expect(restored?.Tags?.some((tag) => tag.Key === 'simian:chaos:original-security-groups')).toBe(false);
  });

  it('the quarantine group is created once per VPC and reused', async () => {
    const [first, second] = await Promise.all([
      planFault('net-prod', { fault: 'block-network' }, 0),
      planFault('net-prod', { fault: 'block-network' }, 0.99),
    ]);
    expect(first?.resource).not.toBe(second?.resource);
    for (const action of [first, second]) expect((await apply(action)).outcome).toMatchObject({ ok: true });
    const groups = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['simian-quarantine'] }] }),
    );
    expect(groups.SecurityGroups).toHaveLength(1);
  });

  it('detach-volumes detaches the non-root volumes, and the revert re-attaches each to its device', async () => {
    const action = await planFault('disk-prod', { fault: 'detach-volumes' });
    const before = await instance(action.resource);
    const data = before?.BlockDeviceMappings?.filter((mapping) => mapping.DeviceName === '/dev/sdf');
    expect(data).toHaveLength(1);
    const { volumeId, device } = { volumeId: data?.[0]?.Ebs?.VolumeId as string, device: data?.[0]?.DeviceName };

    const { saved, outcome } = await apply(action);
    expect(outcome).toMatchObject({ ok: true });
    expect(saved.volumes).toEqual([{ volumeId, device }]);
    const detached = await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }));
    expect(detached.Volumes?.[0]?.State).toBe('available');
    const rootStill = (await instance(action.resource))?.BlockDeviceMappings?.map((mapping) => mapping.DeviceName);
    expect(rootStill).toEqual(['/dev/sda1']);
    // A second delivery finds the volume through its record tag and reports the same volumes to restore.
    const again = await apply(action);
    expect(again.outcome).toMatchObject({ ok: true, already: true });
    expect(again.saved.volumes).toEqual([{ volumeId, device }]);

    expect(await revert(action, saved)).toMatchObject({ ok: true });
    const reattached = await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }));
    expect(reattached.Volumes?.[0]?.Attachments?.[0]).toMatchObject({ InstanceId: action.resource, Device: device });
    expect(reattached.Volumes?.[0]?.Tags ?? []).toEqual([]);
    expect(await revert(action, saved)).toMatchObject({ ok: true, already: true });
  });

  it('block-network and detach-volumes verify their permissions with EC2 dry-run calls that change nothing', async () => {
    for (const [group, fault] of [
      ['net-prod', 'block-network'],
      ['disk-prod', 'detach-volumes'],
    ] as const) {
      const action = await planFault(group, { fault });
      const before = await instance(action.resource);
      expect(await getEffect(action.kind).verify?.([action], ctx)).toMatchObject({ allowed: true });
      expect(await instance(action.resource)).toEqual(before);
    }
  });

  it.each(['terminate', 'stop', 'reboot'] as const)('%s changes the instance state as asked', async (fault) => {
    const pick = { terminate: 0, stop: 0.4, reboot: 0.9 }[fault];
    const action = await planFault('state-prod', { fault }, pick);
    const { outcome } = await apply(action);
    expect(outcome).toMatchObject({ ok: true });
    const state = (await instance(action.resource))?.State?.Name;
    const expected = { terminate: ['shutting-down', 'terminated'], stop: ['stopping', 'stopped'], reboot: ['running'] };
    expect(expected[fault]).toContain(state);
    expect(action.durationMs === undefined).toBe(fault !== 'stop');
  });

  describe.each(HOST_FAULTS)('host fault %s through SSM', (fault) => {
    it('sends a self-expiring script to the picked instance, and the revert sends its undo', async () => {
      const action = await planFault('host-prod', { fault, duration: '20m' });
      expect(action).toMatchObject({ kind: 'run-host-fault', params: { fault, durationSeconds: 1200 } });
      const { saved, outcome } = await apply(action);
      expect(outcome).toMatchObject({ ok: true });
      const commandId = String(outcome?.saved?.commandId);
      const listed = await clients.ssm({ region: REGION }).send(new ListCommandsCommand({ CommandId: commandId }));
      const command = listed.Commands?.[0];
      expect(command?.DocumentName).toBe('AWS-RunShellScript');
      // moto 5.2 lists every instance of the account under a command sent to explicit ids; AWS lists just those.
      expect(command?.InstanceIds).toContain(action.resource);
      const script = command?.Parameters?.commands?.join('\n') ?? '';
      expect(script).toContain(`simian chaos: ${fault} for 1200s`);
      expect(script).toContain('D=1200');
      expect(script).toContain(`systemd-run --on-active="$D" --unit=simian-undo-${fault}`);
      expect(script).toContain(`sleep "$1"; [ -f /run/simian/${fault}.undo ]`);
      expect(script).toContain(
        {
          'burn-cpu': 'while :; do :; done',
          'burn-io': 'dd if=/dev/zero of=/var/tmp/simian-burn-io',
          'fill-disk': 'fallocate -l',
          'kill-processes': 'for p in java python node; do pkill -KILL -x "$p"',
          'null-route': 'ip route add blackhole 10.0.0.0/8',
          'fail-dns': 'iptables -I OUTPUT -p udp --dport 53 -j DROP',
          'network-loss': 'netem loss 7%',
          'network-corruption': 'netem corrupt 5%',
        }[fault],
      );

      expect(await revert(action, saved)).toMatchObject({ ok: true });
      const all = await clients.ssm({ region: REGION }).send(new ListCommandsCommand({}));
      const cancel = all.Commands?.find((listedCommand) => listedCommand.Comment === `simian chaos: end ${fault}`);
      expect(cancel?.InstanceIds).toContain(action.resource);
      expect(cancel?.Parameters?.commands?.join('\n')).toContain(`sh /run/simian/${fault}.undo`);
    });
  });

  it('host fault parameters reach the script only as checked numbers and names', async () => {
    const action = await planFault('host-prod', { fault: 'network-loss', lossPercent: 12.5, duration: '2m' });
    expect(action.params).toMatchObject({ lossPercent: 12.5, durationSeconds: 120 });
    const hostile: Action = { ...action, params: { ...action.params, lossPercent: '7%; rm -rf /' } };
    const [outcome] = await getEffect('run-host-fault').apply([hostile], ctx);
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome?.error).toMatch(/lossPercent/);
  });
});
