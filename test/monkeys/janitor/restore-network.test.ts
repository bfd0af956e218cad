import {
  AllocateAddressCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  DescribeAddressesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
  type IpPermission,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateTargetGroupCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../../core/aws/clients.js';
import { InputError } from '../../../core/errors.js';
import type { RunReport } from '../../../core/plan/action.js';
import { readDeletion } from '../../../monkeys/janitor/effects/janitor-deleted.js';
import { runRestore } from '../../../monkeys/janitor/restore.js';
import { MOTO_ACCOUNT, uniquePrefix } from '../../support/env.js';
import {
  defaultNetwork,
  doneOf,
  ec2,
  janitorAt,
  janitorConfig,
  janitorSandbox,
  REGION,
  tagList,
  tagsOf,
} from './harness.js';
import { dueForDeletion, RESTORE_OWNER } from './restore-case.js';
import { accessFor } from './typed-resources.js';

const { clients, redis, target } = janitorSandbox();
const where = { account: MOTO_ACCOUNT, region: REGION };
const LIFECYCLE = /^simian:janitor:(rule|marked-at|delete-after|notified-at|unused-seen-at)$/;
let network: { vpcId: string; subnet: string };

beforeAll(async () => {
  const { vpcId, subnets } = await defaultNetwork(clients);
  network = { vpcId, subnet: subnets[0] as string };
});

const restore = (janitor: ReturnType<typeof janitorAt>, resource: string) =>
  runRestore({ resource, region: REGION, flagDryRun: false }, janitor.deps);

function restoredAs(report: RunReport): string {
  expect(report.actions).toEqual([expect.objectContaining({ status: 'done' })]);
  return report.actions[0]?.details?.restoredAs as string;
}

/** The restore of what a restore already brought back: done, never twice. */
async function restoredOnce(janitor: ReturnType<typeof janitorAt>, resource: string) {
  const again = await restore(janitor, resource);
  expect(again.actions).toEqual([expect.objectContaining({ status: 'done', reason: 'already done' })]);
}

/** Deletes one due resource of this type in an armed run, and checks what the record saved before it went. */
async function deletedByJanitor(
  janitor: ReturnType<typeof janitorAt>,
  id: string,
  type: 'target-group' | 'security-group' | 'network-interface' | 'elastic-ip',
  rule: string,
  kind: string,
) {
  await dueForDeletion(clients, redis, janitor, id, type, rule);
  const report = await janitor.run({ types: [type], rules: { [rule]: { days: 0 } } });
  expect(doneOf(report, kind)).toContain(id);
  const deletion = await readDeletion({ redis, prefix: janitor.deps.config.redis.prefix }, where, id);
  expect(deletion?.config.type).toBe(type);
  expect(janitor.events.events.some((event) => event.type === 'JanitorDeleted' && event.resource === id)).toBe(true);
  return deletion;
}

function withoutLifecycle(tags: Record<string, string>): string[] {
  return Object.keys(tags).filter((key) => LIFECYCLE.test(key));
}

/** What a restore made carries the old one's tags and where it came from, never the Janitor's lifecycle. */
async function expectRestoredTags(made: string, from: string): Promise<void> {
  const tags = await tagsOf(clients, made);
  expect(tags).toMatchObject({ ...RESTORE_OWNER, 'simian:janitor:restored-from': from });
  expect(withoutLifecycle(tags)).toEqual([]);
}

/** An interface in the test subnet (with `more` of its settings), deleted through the Janitor's own effect. */
async function deletedInterface(
  janitor: ReturnType<typeof janitorAt>,
  more: { Groups?: string[]; Description?: string } = {},
): Promise<{ id: string; privateIp: string }> {
  const made = await ec2(clients).send(
    new CreateNetworkInterfaceCommand({
      SubnetId: network.subnet,
      ...more,
      TagSpecifications: [{ ResourceType: 'network-interface', Tags: tagList(RESTORE_OWNER) }],
    }),
  );
  const id = made.NetworkInterface?.NetworkInterfaceId as string;
  await deletedByJanitor(janitor, id, 'network-interface', 'unattached-network-interface', 'delete-network-interface');
  return { id, privateIp: made.NetworkInterface?.PrivateIpAddress as string };
}

async function securityGroup(name: string, tags: Record<string, string>): Promise<string> {
  const made = await ec2(clients).send(
    new CreateSecurityGroupCommand({
      GroupName: name,
      Description: `${name} for the web tier`,
      VpcId: network.vpcId,
      TagSpecifications: [{ ResourceType: 'security-group', Tags: tagList(tags) }],
    }),
  );
  return made.GroupId as string;
}

async function groupsNamed(name: string) {
  const found = await ec2(clients).send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: [name] }] }),
  );
  return found.SecurityGroups ?? [];
}

/** A rule as a comparison sees it: protocol, ports, ranges and the groups it names. */
function ruleShape(permission: IpPermission) {
  return {
    protocol: permission.IpProtocol,
    from: permission.FromPort,
    to: permission.ToPort,
    cidrs: (permission.IpRanges ?? []).map((range) => range.CidrIp).sort(),
    groups: (permission.UserIdGroupPairs ?? []).map((pair) => pair.GroupId).sort(),
  };
}

/**
 * These clients, but EC2 answers CreateNetworkInterface for `taken` as AWS does when another interface holds it
 * (InvalidIPAddress.InUse), which moto never does; every other call goes to moto. `asked` records each create's IP.
 */
function withAddressTaken(base: AwsClients, taken: string, asked: (string | undefined)[]): AwsClients {
  const wrapped = Object.create(base) as AwsClients;
  wrapped.ec2 = (where) => {
    const real = base.ec2(where);
    const send = (command: Parameters<EC2Client['send']>[0]) => {
      if (command instanceof CreateNetworkInterfaceCommand) {
        asked.push(command.input.PrivateIpAddress);
        if (command.input.PrivateIpAddress === taken) {
          const inUse = new Error(`The specified address ${taken} is already in use.`);
          return Promise.reject(Object.assign(inUse, { name: 'InvalidIPAddress.InUse' }));
        }
      }
      return real.send(command);
    };
    return Object.assign(Object.create(real) as EC2Client, { send });
  };
  wrapped.readOnly = () => withAddressTaken(base.readOnly(), taken, asked);
  wrapped.as = (identity) => withAddressTaken(base.as(identity), taken, asked);
  return wrapped;
}

describe('janitor restore: target groups, security groups, interfaces and addresses come back from the record', () => {
  it('a target group comes back with its protocol, port, VPC, target type, health check and tags; a new ARN, no targets', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const elbv2 = clients.elbv2(target);
    const name = uniquePrefix('tg').slice(0, 32);
    const made = await elbv2.send(
      new CreateTargetGroupCommand({
        Name: name,
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: network.vpcId,
        TargetType: 'ip',
        HealthCheckPath: '/healthz',
        HealthCheckIntervalSeconds: 15,
        Matcher: { HttpCode: '200-299' },
        Tags: tagList(RESTORE_OWNER),
      }),
    );
    const arn = made.TargetGroups?.[0]?.TargetGroupArn as string;
    await deletedByJanitor(janitor, arn, 'target-group', 'unused-target-group', 'delete-target-group');

    const report = await restore(janitor, arn);
    expect(report.actions[0]).toMatchObject({ kind: 'restore-target-group' });
    expect(report.actions[0]?.details?.cannot).toMatch(/ARN.*targets/);
    const newArn = restoredAs(report);
    expect(newArn).not.toBe(arn);
    const found = await elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [newArn] }));
    expect(found.TargetGroups?.[0]).toMatchObject({
      TargetGroupName: name,
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: network.vpcId,
      TargetType: 'ip',
      HealthCheckPath: '/healthz',
      HealthCheckIntervalSeconds: 15,
      Matcher: { HttpCode: '200-299' },
    });
    const described = await elbv2.send(new DescribeTagsCommand({ ResourceArns: [newArn] }));
    const tags = Object.fromEntries(
      (described.TagDescriptions?.[0]?.Tags ?? []).map((tag) => [tag.Key as string, tag.Value as string]),
    );
    expect(tags).toMatchObject({
      ...RESTORE_OWNER,
      'simian:janitor:restored': 'true',
      'simian:janitor:restored-from': arn,
    });
    expect(withoutLifecycle(tags)).toEqual([]);

    await restoredOnce(janitor, arn);
    const byName = await elbv2.send(new DescribeTargetGroupsCommand({ Names: [name] }));
    expect(byName.TargetGroups).toHaveLength(1);
  });

  it('a security group comes back in its VPC with its name, description, tags and rules; a rule naming itself names the new group', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const name = uniquePrefix('sg');
    const other = await securityGroup(`${name}-other`, RESTORE_OWNER);
    const id = await securityGroup(name, RESTORE_OWNER);
    await ec2(clients).send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: id,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
          { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: other }] },
          { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: id }] },
        ],
      }),
    );
    // Its egress is narrowed: AWS's default allow-all is gone, one HTTPS rule instead.
    await ec2(clients).send(
      new RevokeSecurityGroupEgressCommand({
        GroupId: id,
        IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    await ec2(clients).send(
      new AuthorizeSecurityGroupEgressCommand({
        GroupId: id,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    const [before] = await groupsNamed(name);
    await deletedByJanitor(janitor, id, 'security-group', 'unused-security-group', 'delete-security-group');
    expect(await groupsNamed(name)).toEqual([]);

    const report = await restore(janitor, id);
    expect(report.actions[0]).toMatchObject({ kind: 'restore-security-group' });
    expect(report.actions[0]?.details?.cannot).toMatch(/its id.*must change/);
    const newId = restoredAs(report);
    expect(newId).toMatch(/^sg-/);
    expect(newId).not.toBe(id);
    const [again, ...more] = await groupsNamed(name);
    expect(more).toEqual([]);
    expect(again).toMatchObject({
      GroupId: newId,
      VpcId: network.vpcId,
      Description: `${name} for the web tier`,
    });
    const self = (shape: ReturnType<typeof ruleShape>) => ({
      ...shape,
      groups: shape.groups.map((group) => (group === id ? newId : group)),
    });
    const sorted = (list: ReturnType<typeof ruleShape>[]) => [...list].sort((a, b) => (a.from ?? -1) - (b.from ?? -1));
    expect(sorted((again?.IpPermissions ?? []).map(ruleShape))).toEqual(
      sorted((before?.IpPermissions ?? []).map(ruleShape).map(self)),
    );
    expect((again?.IpPermissionsEgress ?? []).map(ruleShape)).toEqual([
      { protocol: 'tcp', from: 443, to: 443, cidrs: ['0.0.0.0/0'], groups: [] },
    ]);
    await expectRestoredTags(newId, id);

    await restoredOnce(janitor, id);
    expect(await groupsNamed(name)).toHaveLength(1);
  });

  it("never opens rules on a group it did not make: a same-named group tagged as a restore's is left untouched", async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const name = uniquePrefix('sg-taken');
    const id = await securityGroup(name, RESTORE_OWNER);
    await ec2(clients).send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: id,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    await deletedByJanitor(janitor, id, 'security-group', 'unused-security-group', 'delete-security-group');
    // Someone else's group since, of the same name, with the tags a restore of it would carry (copied or forged).
    const theirs = await securityGroup(name, { ...RESTORE_OWNER, 'simian:janitor:restored-from': id });
    const [before] = await groupsNamed(name);

    const report = await restore(janitor, id);
    expect(report.actions).toEqual([expect.objectContaining({ kind: 'restore-security-group', status: 'failed' })]);
    expect(report.actions[0]?.reason).toMatch(/exists already.*record does not say a restore made it/);
    const [after, ...more] = await groupsNamed(name);
    expect(more).toEqual([]);
    expect(after?.GroupId).toBe(theirs);
    expect(after?.IpPermissions).toEqual(before?.IpPermissions);
    expect(after?.IpPermissionsEgress).toEqual(before?.IpPermissionsEgress);
  });

  it("a target group of that name someone made and tagged as this restore's, with a target in it, is not taken: theirs is left, nothing restored", async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const elbv2 = clients.elbv2(target);
    const name = uniquePrefix('tg-taken').slice(0, 32);
    const settings = {
      Name: name,
      Protocol: 'HTTP' as const,
      Port: 8080,
      VpcId: network.vpcId,
      TargetType: 'ip' as const,
    };
    const made = await elbv2.send(new CreateTargetGroupCommand({ ...settings, Tags: tagList(RESTORE_OWNER) }));
    const arn = made.TargetGroups?.[0]?.TargetGroupArn as string;
    await deletedByJanitor(janitor, arn, 'target-group', 'unused-target-group', 'delete-target-group');
    // Theirs: the same name and settings, tagged as a restore of the deleted group, forwarding to their own address.
    const forged = await elbv2.send(
      new CreateTargetGroupCommand({ ...settings, Tags: tagList({ 'simian:janitor:restored-from': arn }) }),
    );
    const theirs = forged.TargetGroups?.[0]?.TargetGroupArn as string;
    await elbv2.send(
      new RegisterTargetsCommand({ TargetGroupArn: theirs, Targets: [{ Id: '10.0.0.99', Port: 8080 }] }),
    );

    const report = await restore(janitor, arn);
    expect(report.actions).toEqual([
      expect.objectContaining({ status: 'failed', reason: expect.stringContaining('exists already') }),
    ]);
    expect(
      (await readDeletion({ redis, prefix: janitor.deps.config.redis.prefix }, where, arn))?.restored,
    ).toBeUndefined();
  });

  it('a network interface comes back in its subnet with its groups, description, private IP and tags', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const group = await securityGroup(uniquePrefix('eni-sg'), RESTORE_OWNER);
    const description = uniquePrefix('spare interface');
    const { id, privateIp } = await deletedInterface(janitor, { Groups: [group], Description: description });

    const report = await restore(janitor, id);
    expect(report.actions[0]).toMatchObject({ kind: 'restore-network-interface' });
    expect(report.actions[0]?.details?.cannot).toMatch(/its id.*attachment/);
    const newId = restoredAs(report);
    expect(newId).toMatch(/^eni-/);
    expect(newId).not.toBe(id);
    const found = await ec2(clients).send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [newId] }));
    const eni = found.NetworkInterfaces?.[0];
    expect(eni).toMatchObject({ SubnetId: network.subnet, Description: description, PrivateIpAddress: privateIp });
    expect((eni?.Groups ?? []).map((held) => held.GroupId)).toEqual([group]);
    await expectRestoredTags(newId, id);

    await restoredOnce(janitor, id);
    const same = await ec2(clients).send(
      new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'description', Values: [description] }] }),
    );
    expect(same.NetworkInterfaces).toHaveLength(1);
  });

  it("an interface someone tagged as this restore's is not taken for it: a new one is made, theirs is left as it is", async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const { id } = await deletedInterface(janitor);
    const forged = await ec2(clients).send(
      new CreateNetworkInterfaceCommand({
        SubnetId: network.subnet,
        TagSpecifications: [
          { ResourceType: 'network-interface', Tags: tagList({ 'simian:janitor:restored-from': id }) },
        ],
      }),
    );
    const theirs = forged.NetworkInterface?.NetworkInterfaceId as string;

    const report = await restore(janitor, id);
    const newId = restoredAs(report);
    expect(newId).toMatch(/^eni-/);
    expect(newId).not.toBe(theirs);
    const record = await readDeletion({ redis, prefix: janitor.deps.config.redis.prefix }, where, id);
    expect(record?.restored?.id).toBe(newId);
  });

  it('an Elastic IP comes back as the same public address (AllocateAddress with Address), with its tags', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const made = await ec2(clients).send(
      new AllocateAddressCommand({
        Domain: 'vpc',
        TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: tagList(RESTORE_OWNER) }],
      }),
    );
    const id = made.AllocationId as string;
    const ip = made.PublicIp as string;
    const deletion = await deletedByJanitor(janitor, id, 'elastic-ip', 'unassociated-elastic-ip', 'release-address');
    expect(deletion?.config).toMatchObject({ type: 'elastic-ip', publicIp: ip });

    const report = await restore(janitor, id);
    expect(report.actions[0]).toMatchObject({ kind: 'restore-elastic-ip' });
    expect(report.actions[0]?.details?.cannot).toMatch(/someone else/);
    const newId = restoredAs(report);
    expect(newId).toMatch(/^eipalloc-/);
    const found = await ec2(clients).send(
      new DescribeAddressesCommand({ Filters: [{ Name: 'public-ip', Values: [ip] }] }),
    );
    expect(found.Addresses).toEqual([expect.objectContaining({ AllocationId: newId, PublicIp: ip })]);
    await expectRestoredTags(newId, id);

    await restoredOnce(janitor, id);
    const again = await ec2(clients).send(
      new DescribeAddressesCommand({ Filters: [{ Name: 'public-ip', Values: [ip] }] }),
    );
    expect(again.Addresses).toHaveLength(1);
  });

  it('tags and the timeline never decide: an id the record does not hold is refused, whatever a resource or an event claims', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const name = uniquePrefix('forged');
    const forged = await securityGroup(name, {
      ...RESTORE_OWNER,
      'simian:janitor:rule': 'unused-security-group',
      'simian:janitor:restored-from': 'sg-0123456789abcdef0',
      'simian:janitor:deleted-at': '2026-01-01T00:00:00Z',
    });
    // A JanitorDeleted-shaped event in the timeline, naming a group the Janitor never deleted.
    await janitor.deps.events.record({
      type: 'JanitorDeleted',
      desc: 'janitor saved sg-0123456789abcdef0',
      monkey: 'janitor',
      dryRun: false,
      resource: 'sg-0123456789abcdef0',
      group: null,
      region: REGION,
      zone: null,
      account: MOTO_ACCOUNT,
      config: { type: 'security-group', groupName: name, vpcId: network.vpcId },
    });
    for (const id of ['sg-0123456789abcdef0', forged]) {
      await expect(restore(janitor, id)).rejects.toThrow(InputError);
      await expect(restore(janitor, id)).rejects.toThrow(/never deleted/);
    }
    expect(await groupsNamed(name)).toHaveLength(1);
  });
  it('a deletion whose record cannot be written does not happen (the record is a Redis key of the wrong type)', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const prefix = janitor.deps.config.redis.prefix;
    const group = await securityGroup(uniquePrefix('unsaved'), RESTORE_OWNER);
    const made = await ec2(clients).send(
      new AllocateAddressCommand({
        Domain: 'vpc',
        TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: tagList(RESTORE_OWNER) }],
      }),
    );
    const address = made.AllocationId as string;
    const eni = await ec2(clients).send(
      new CreateNetworkInterfaceCommand({
        SubnetId: network.subnet,
        TagSpecifications: [{ ResourceType: 'network-interface', Tags: tagList(RESTORE_OWNER) }],
      }),
    );
    const iface = eni.NetworkInterface?.NetworkInterfaceId as string;
    const tg = await clients.elbv2(target).send(
      new CreateTargetGroupCommand({
        Name: uniquePrefix('unsaved').slice(0, 32),
        Protocol: 'HTTP',
        Port: 80,
        VpcId: network.vpcId,
        Tags: tagList(RESTORE_OWNER),
      }),
    );
    const targetGroup = tg.TargetGroups?.[0]?.TargetGroupArn as string;
    const due = [
      [group, 'security-group', 'unused-security-group', 'delete-security-group'],
      [address, 'elastic-ip', 'unassociated-elastic-ip', 'release-address'],
      [iface, 'network-interface', 'unattached-network-interface', 'delete-network-interface'],
      [targetGroup, 'target-group', 'unused-target-group', 'delete-target-group'],
    ] as const;
    for (const [id, type, rule] of due) await dueForDeletion(clients, redis, janitor, id, type, rule);
    const params = {
      types: due.map(([, type]) => type),
      rules: Object.fromEntries(due.map(([, , rule]) => [rule, { days: 0 }])),
    };
    await redis.set(`${prefix}:janitor:deleted`, 'not a hash');
    const refused = await janitor.run(params);
    for (const [id, type, , kind] of due) {
      expect(doneOf(refused, kind), `${type} deleted without its record`).not.toContain(id);
      expect(refused.actions).toContainEqual(expect.objectContaining({ kind, resource: id, status: 'failed' }));
      expect(await accessFor(clients, type).exists(id), `${type} still there`).toBe(true);
    }

    await redis.del(`${prefix}:janitor:deleted`);
    const deleted = await janitor.run(params);
    for (const [id, type, , kind] of due) {
      expect(doneOf(deleted, kind)).toContain(id);
      expect((await readDeletion({ redis, prefix }, where, id))?.config.type).toBe(type);
    }
  });
  it('an interface whose private IP another took since comes back with one AWS picks (InUse injected: moto never refuses an address)', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const { id, privateIp: taken } = await deletedInterface(janitor);
    const asked: (string | undefined)[] = [];
    const report = await runRestore(
      { resource: id, region: REGION, flagDryRun: false },
      { ...janitor.deps, clients: withAddressTaken(clients, taken, asked) },
    );
    const newId = restoredAs(report);
    expect(asked).toEqual([taken, undefined]);
    const found = await ec2(clients).send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [newId] }));
    expect(found.NetworkInterfaces?.[0]).toMatchObject({ SubnetId: network.subnet });
    expect(found.NetworkInterfaces?.[0]?.PrivateIpAddress).not.toBe(taken);
  });
});
