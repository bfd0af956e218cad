import {
  AddTagsCommand as AddClassicTagsCommand,
  CreateLoadBalancerCommand as CreateClassicCommand,
  DeleteLoadBalancerCommand as DeleteClassicCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  AddTagsCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, expect, it } from 'vitest';
import { getResourceType } from '../../../core/aws/resources/index.js';
import { testClients } from '../../support/env.js';
import { awsError, createEach, standIn, TARGET, vpcWithSubnets } from './support.js';

const clients = testClients();
const elbv2 = clients.elbv2(TARGET);
const elb = clients.elb(TARGET);
const NAMES = ['api', 'db', 'web'];
let network: { vpcId: string; subnetIds: string[] };

beforeAll(async () => {
  network = await vpcWithSubnets(clients);
});

describe('load-balancer (ELBv2)', () => {
  const type = getResourceType('load-balancer');
  let arns: string[];
  beforeAll(async () => {
    arns = await createEach(NAMES, async (name) => {
      const created = await elbv2.send(
        new CreateLoadBalancerCommand({ Name: name, Subnets: network.subnetIds, Tags: [{ Key: 'team', Value: name }] }),
      );
      return created.LoadBalancers?.[0]?.LoadBalancerArn;
    });
  });

  it('lists every balancer by ARN with its tags: 3 at page size 2 take 2 DescribeLoadBalancers + 1 DescribeTags', async () => {
    clients.counter.reset();
    const records = await type.list(clients, TARGET, { pageSize: 2 });
    expect(records.map((record) => record.id).sort()).toEqual([...arns].sort());
    expect(records.find((record) => record.name === 'web')?.tags).toEqual({ team: 'web' });
    expect(clients.counter.snapshot()).toEqual({ 'ELBv2:DescribeLoadBalancers': 2, 'ELBv2:DescribeTags': 1 });
  });

  it('re-reads live ARNs in 1 DescribeLoadBalancers + 1 DescribeTags, and sees a tag changed between two reads', async () => {
    const [live = ''] = arns;
    await elbv2.send(new AddTagsCommand({ ResourceArns: [live], Tags: [{ Key: 'owner', Value: 'lb@example.com' }] }));
    clients.counter.reset();
    const fresh = await type.fresh(clients, TARGET, arns);
    expect(fresh.size).toBe(3);
    expect(fresh.get(live)?.tags).toEqual({ team: 'api', owner: 'lb@example.com' });
    expect(clients.counter.snapshot()).toEqual({ 'ELBv2:DescribeLoadBalancers': 1, 'ELBv2:DescribeTags': 1 });
  });

  it('a deleted balancer fails the by-ARN call (LoadBalancerNotFound): answered from 1 listing, the gone one absent', async () => {
    const [, doomed = '', live = ''] = arns;
    await elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: doomed }));
    clients.counter.reset();
    const fresh = await type.fresh(clients, TARGET, [doomed, live]);
    expect([...fresh.keys()]).toEqual([live]);
    expect(clients.counter.snapshot()).toEqual({ 'ELBv2:DescribeLoadBalancers': 2, 'ELBv2:DescribeTags': 1 });
  });

  it('a balancer deleted between the describe and the tag read (stood in: moto cannot race) is gone, the rest kept', async () => {
    const [live = '', , other = ''] = arns;
    const remove = standIn(elbv2, (operation, input) => {
      if (operation === 'DescribeTags' && (input.ResourceArns as string[]).includes(other)) {
        throw awsError('LoadBalancerNotFoundException', 'One or more load balancers not found');
      }
      return undefined;
    });
    try {
      clients.counter.reset();
      const fresh = await type.fresh(clients, TARGET, [live, other]);
      expect([...fresh.keys()]).toEqual([live]);
      // The pair fails, then each half alone: the gone one fails again and is left out.
      expect(clients.counter.count('ELBv2:DescribeTags')).toBe(3);
    } finally {
      remove();
    }
  });
});

describe('target-group', () => {
  const type = getResourceType('target-group');
  let arns: string[];
  beforeAll(async () => {
    arns = await createEach(NAMES, async (name) => {
      const created = await elbv2.send(
        new CreateTargetGroupCommand({
          Name: name,
          Protocol: 'HTTP',
          Port: 80,
          VpcId: network.vpcId,
          Tags: [{ Key: 'team', Value: name }],
        }),
      );
      return created.TargetGroups?.[0]?.TargetGroupArn;
    });
  });

  it('lists every target group by ARN with its tags in 1 DescribeTargetGroups (moto never pages it) + 1 DescribeTags', async () => {
    clients.counter.reset();
    const records = await type.list(clients, TARGET, { pageSize: 2 });
    expect(records.map((record) => record.id).sort()).toEqual([...arns].sort());
    expect(records.find((record) => record.name === 'db')?.tags).toEqual({ team: 'db' });
    expect(clients.counter.snapshot()).toEqual({ 'ELBv2:DescribeTargetGroups': 1, 'ELBv2:DescribeTags': 1 });
  });

  it('sees a tag change; a deleted group fails the by-ARN call and is answered from 1 listing, absent', async () => {
    const [live = '', doomed = ''] = arns;
    await elbv2.send(new AddTagsCommand({ ResourceArns: [live], Tags: [{ Key: 'team', Value: 'edge' }] }));
    await elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: doomed }));
    clients.counter.reset();
    const fresh = await type.fresh(clients, TARGET, [doomed, live]);
    expect([...fresh.keys()]).toEqual([live]);
    expect(fresh.get(live)?.tags).toEqual({ team: 'edge' });
    expect(clients.counter.snapshot()).toEqual({ 'ELBv2:DescribeTargetGroups': 2, 'ELBv2:DescribeTags': 1 });
  });
});

describe('classic-load-balancer', () => {
  const type = getResourceType('classic-load-balancer');
  beforeAll(async () => {
    for (const name of NAMES) {
      await elb.send(
        new CreateClassicCommand({
          LoadBalancerName: name,
          AvailabilityZones: ['us-east-1a'],
          Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 8080 }],
          Tags: [{ Key: 'team', Value: name }],
        }),
      );
    }
  });

  it('lists every classic balancer by name: 3 at page size 2 take 2 DescribeLoadBalancers + 1 DescribeTags', async () => {
    clients.counter.reset();
    const records = await type.list(clients, TARGET, { pageSize: 2 });
    expect(records.map((record) => record.id).sort()).toEqual(NAMES);
    expect(records.find((record) => record.id === 'web')).toMatchObject({ name: 'web', tags: { team: 'web' } });
    expect(clients.counter.snapshot()).toEqual({ 'ELB:DescribeLoadBalancers': 2, 'ELB:DescribeTags': 1 });
  });

  it('sees a tag change; a deleted balancer fails the by-name call and is answered from 1 listing, absent', async () => {
    await elb.send(new AddClassicTagsCommand({ LoadBalancerNames: ['api'], Tags: [{ Key: 'owner', Value: 'ops' }] }));
    await elb.send(new DeleteClassicCommand({ LoadBalancerName: 'db' }));
    clients.counter.reset();
    const fresh = await type.fresh(clients, TARGET, ['db', 'api', 'web']);
    expect([...fresh.keys()].sort()).toEqual(['api', 'web']);
    expect(fresh.get('api')?.tags).toEqual({ team: 'api', owner: 'ops' });
    expect(clients.counter.snapshot()).toEqual({ 'ELB:DescribeLoadBalancers': 2, 'ELB:DescribeTags': 1 });
  });
});
