import { DescribeNetworkAclsCommand } from '@aws-sdk/client-ec2';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../core/aws/clients.js';
import { exitCodeOf, runMonkey } from '../../core/run/run-monkey.js';
import { type SeededFleet, seedFleet } from '../../core/sandbox/seed.js';
import { testClients, testRedis } from '../support/env.js';
import { gorillaConfig, revertDueAsAnotherProcess, runDeps } from './gorilla-harness.js';

let clients: AwsClients;
let redis: Redis;
let fleet: SeededFleet;

/** The network ACL each subnet is associated with, and whether simian owns it. */
async function associations(): Promise<Record<string, string>> {
  const answer = await clients
    .ec2({ region: 'us-east-1' })
    .send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [fleet.vpcId] }] }));
  const result: Record<string, string> = {};
  for (const acl of answer.NetworkAcls ?? []) {
    const owned = (acl.Tags ?? []).some((tag) => tag.Key === 'simian:isolation');
    for (const association of acl.Associations ?? []) {
      if (association.SubnetId)
        result[association.SubnetId] = `${acl.NetworkAclId}${owned ? ' (simian deny-all)' : ''}`;
    }
  }
  return result;
}

beforeAll(async () => {
  clients = testClients();
  redis = testRedis();
  // Zone a hosts opted-in groups only; zone b also hosts an opted-out group, which spares its subnet.
  fleet = await seedFleet(clients, {
    region: 'us-east-1',
    zones: ['us-east-1a', 'us-east-1b'],
    groups: [
      { name: 'web-prod', tags: { 'simian:gorilla': 'enabled' }, instancesPerZone: 1 },
      // In zone a only, api-prod could not leave the isolated zone: its subnet would be spared (see the reach tests).
      { name: 'api-prod', tags: { 'simian:all': 'enabled' }, instancesPerZone: { 'us-east-1a': 1 } },
      { name: 'db-prod', tags: { 'simian:all': 'disabled' }, instancesPerZone: 1, zones: ['us-east-1b'] },
    ],
    snapshots: 0,
  });
});

afterAll(async () => {
  await redis.quit();
  clients.destroy();
});

describe('gorilla armed, isolate mode', () => {
  it('puts the zone subnet behind a deny-all ACL, and a revert from another process restores the original association', async () => {
    const before = await associations();
    const subnetA = fleet.subnetsByZone['us-east-1a'] as string;
    const config = gorillaConfig();
    const { deps, clock } = runDeps(config, clients, redis);

    const report = await runMonkey(
      { monkey: 'gorilla', region: 'us-east-1', params: { zone: 'us-east-1a', mode: 'isolate' }, flagDryRun: false },
      deps,
    );
    expect(report.actions).toEqual([
      expect.objectContaining({ kind: 'isolate-subnets', resource: subnetA, status: 'done', zone: 'us-east-1a' }),
    ]);
    expect(exitCodeOf(report)).toBe(0);
    const during = await associations();
    expect(during[subnetA]).toMatch(/simian deny-all/);
    expect(during[fleet.subnetsByZone['us-east-1b'] as string]).toBe(
      before[fleet.subnetsByZone['us-east-1b'] as string],
    );

    const results = await revertDueAsAnotherProcess(
      config,
      clients,
      redis,
      new Date(clock.now().getTime() + 31 * 60_000),
    );
    expect(results.map((result) => result.status)).toEqual(['done']);
    expect(await associations()).toEqual(before);
  });

  it('spares a subnet that also hosts instances which are not opted in', async () => {
    const before = await associations();
    const { deps } = runDeps(gorillaConfig(), clients, redis);
    const report = await runMonkey(
      { monkey: 'gorilla', region: 'us-east-1', params: { zone: 'us-east-1b', mode: 'isolate' }, flagDryRun: false },
      deps,
    );
    expect(report.actions).toEqual([]);
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ resource: fleet.subnetsByZone['us-east-1b'], guard: 'opt-in' }),
      ]),
    );
    expect(await associations()).toEqual(before);
  });
});
