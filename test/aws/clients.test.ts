import { DescribeInstancesCommand, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { MOTO_ACCOUNT, testClients } from '../support/env.js';

describe('AWS client factory', () => {
  it('talks to the endpoint and counts each API call by service and operation', async () => {
    const clients = testClients();
    const ec2 = clients.ec2({ region: 'us-east-1' });
    await ec2.send(new DescribeRegionsCommand({}));
    await ec2.send(new DescribeInstancesCommand({}));
    await ec2.send(new DescribeInstancesCommand({}));
    expect(clients.counter.count('DescribeInstances')).toBe(2);
    expect(clients.counter.count('EC2:DescribeRegions')).toBe(1);
    expect(clients.counter.total()).toBe(3);
  });

  it('caches one client per service, account and region', () => {
    const clients = testClients();
    expect(clients.ec2({ region: 'us-east-1' })).toBe(clients.ec2({ region: 'us-east-1' }));
    expect(clients.ec2({ region: 'us-west-2' })).not.toBe(clients.ec2({ region: 'us-east-1' }));
  });

  it('assumes the configured role of an account through STS', async () => {
    const clients = testClients();
    const sts = clients.sts({
      region: 'us-east-1',
      account: '111122223333',
      roleArn: 'arn:aws:iam::111122223333:role/simian',
    });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toContain('assumed-role/simian');
    expect(MOTO_ACCOUNT).toHaveLength(12);
  });
});
