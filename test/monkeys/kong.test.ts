import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
} from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../core/run/run-monkey.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { seededGroup } from '../support/fleet.js';
import { gorillaConfig, gorillaSandbox, minutesAfter, revertDueAsAnotherProcess, runDeps } from './gorilla-harness.js';

const sandbox = gorillaSandbox({
  region: 'us-east-1',
  zones: ['us-east-1a', 'us-east-1b'],
  groups: [
    { name: 'web-prod', tags: { 'simian:kong': 'enabled' }, instancesPerZone: 1 },
    { name: 'db-prod', instancesPerZone: 1, zones: ['us-east-1a'] },
  ],
  snapshots: 0,
});
const { clients, redis } = sandbox;

const route53 = () => clients.route53({ region: 'us-east-1' });

/** A hosted zone with one weighted record per region. */
async function weightedRecord(name: string, weights: Record<string, number>): Promise<string> {
  const zone = await route53().send(
    new CreateHostedZoneCommand({ Name: `${name}.example.com`, CallerReference: `${name}-${Date.now()}` }),
  );
  const hostedZoneId = (zone.HostedZone?.Id ?? '').replace('/hostedzone/', '');
  await route53().send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: hostedZoneId,
      ChangeBatch: {
        Changes: Object.entries(weights).map(([region, weight], index) => ({
          Action: 'CREATE',
          ResourceRecordSet: {
            Name: `api.${name}.example.com`,
            Type: 'A',
            SetIdentifier: region,
            Weight: weight,
            TTL: 60,
            ResourceRecords: [{ Value: `10.0.0.${index + 1}` }],
          },
        })),
      },
    }),
  );
  return hostedZoneId;
}

async function weights(hostedZoneId: string): Promise<Record<string, number | undefined>> {
  const answer = await route53().send(new ListResourceRecordSetsCommand({ HostedZoneId: hostedZoneId }));
  return Object.fromEntries(
    (answer.ResourceRecordSets ?? [])
      .filter((set) => set.SetIdentifier)
      .map((set) => [set.SetIdentifier as string, set.Weight]),
  );
}

describe('kong', () => {
  it('shifts the evacuated region to weight 0, and a revert from another process puts every weight back', async () => {
    const hostedZoneId = await weightedRecord('shift', { 'us-east-1': 70, 'us-west-2': 30 });
    const before = await weights(hostedZoneId);
    const config = gorillaConfig();
    const { deps, clock } = runDeps(config, clients, redis);
    const record = { hostedZoneId, name: 'api.shift.example.com', type: 'A' };

    const report = await runMonkey(
      { monkey: 'kong', region: 'us-east-1', params: { records: [record], duration: '15m' }, flagDryRun: false },
      deps,
    );
    expect(report.target).toEqual({ region: 'us-east-1' });
    expect(report.actions).toEqual([
      expect.objectContaining({
        kind: 'shift-route53-weight',
        resource: `${hostedZoneId}/api.shift.example.com/A/us-east-1`,
        status: 'done',
        revertAt: minutesAfter(clock, 15).toISOString(),
      }),
    ]);
    expect(exitCodeOf(report)).toBe(0);
    expect(await weights(hostedZoneId)).toEqual({ 'us-east-1': 0, 'us-west-2': 30 });

    const results = await revertDueAsAnotherProcess(config, clients, redis, minutesAfter(clock, 16));
    expect(results.map((result) => result.status)).toEqual(['done']);
    expect(await weights(hostedZoneId)).toEqual(before);
  });

  it('refuses (kong-health, exit 3) when no other region would still take traffic, changing nothing', async () => {
    const hostedZoneId = await weightedRecord('lonely', { 'us-east-1': 100, 'us-west-2': 0 });
    const { deps } = runDeps(gorillaConfig(), clients, redis);
    const changes = clients.counter.count('ChangeResourceRecordSets');

    const report = await runMonkey(
      {
        monkey: 'kong',
        region: 'us-east-1',
        params: { records: [{ hostedZoneId, name: 'api.lonely.example.com' }] },
        flagDryRun: false,
      },
      deps,
    );
    expect(report.refused).toEqual({
      guard: 'kong-health',
      reason: expect.stringMatching(/no healthy region with weight > 0/),
    });
    expect(report.actions).toEqual([]);
    expect(exitCodeOf(report)).toBe(3);
    expect(clients.counter.count('ChangeResourceRecordSets')).toBe(changes);
    expect(await weights(hostedZoneId)).toEqual({ 'us-east-1': 100, 'us-west-2': 0 });
  });

  it('with thenGorilla, also plans the opted-in instances of every zone of the region (dry run)', async () => {
    const hostedZoneId = await weightedRecord('both', { 'us-east-1': 1, 'us-west-2': 1 });
    const { deps } = runDeps(gorillaConfig(), clients, redis);
    const report = await runMonkey(
      {
        monkey: 'kong',
        region: 'us-east-1',
        params: { records: [{ hostedZoneId, name: 'api.both.example.com' }], thenGorilla: true },
        flagDryRun: true,
      },
      deps,
    );
    const web = seededGroup(sandbox.fleet, 'web-prod');
    expect(report.actions.map((action) => `${action.kind} ${action.resource}`)).toEqual([
      `shift-route53-weight ${hostedZoneId}/api.both.example.com/A/us-east-1`,
      ...web.instanceIds.map((id) => `terminate-instance ${id}`),
    ]);
    expect(report.skipped).toEqual([expect.objectContaining({ group: 'db-prod', guard: 'opt-in' })]);
    expect(await weights(hostedZoneId)).toEqual({ 'us-east-1': 1, 'us-west-2': 1 });
  });

  it('names a set that does not exist as bad input', async () => {
    const hostedZoneId = await weightedRecord('missing', { 'us-west-2': 1, 'eu-west-1': 1 });
    const { deps } = runDeps(gorillaConfig(), clients, redis);
    await expect(
      runMonkey(
        {
          monkey: 'kong',
          region: 'us-east-1',
          params: { records: [{ hostedZoneId, name: 'api.missing.example.com' }] },
          flagDryRun: true,
        },
        deps,
      ),
    ).rejects.toThrow(/has no set "us-east-1" \(its sets: (us-west-2, eu-west-1|eu-west-1, us-west-2)\)/);
  });

  it('flips a failover record (PRIMARY here becomes SECONDARY) and the revert restores both roles', async () => {
    const zone = await route53().send(
      new CreateHostedZoneCommand({ Name: 'failover.example.com', CallerReference: `failover-${Date.now()}` }),
    );
    const hostedZoneId = (zone.HostedZone?.Id ?? '').replace('/hostedzone/', '');
    await route53().send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: hostedZoneId,
        ChangeBatch: {
          Changes: [
            ['us-east-1', 'PRIMARY'],
            ['us-west-2', 'SECONDARY'],
          ].map(([setIdentifier, role], index) => ({
            Action: 'CREATE',
            ResourceRecordSet: {
              Name: 'api.failover.example.com',
              Type: 'A',
              SetIdentifier: setIdentifier,
              Failover: role as 'PRIMARY' | 'SECONDARY',
              TTL: 60,
              ResourceRecords: [{ Value: `10.0.2.${index + 1}` }],
            },
          })),
        },
      }),
    );
    const roles = async () => {
      const answer = await route53().send(new ListResourceRecordSetsCommand({ HostedZoneId: hostedZoneId }));
      return Object.fromEntries(
        (answer.ResourceRecordSets ?? [])
          .filter((set) => set.SetIdentifier)
          .map((set) => [set.SetIdentifier, set.Failover]),
      );
    };
    const config = gorillaConfig();
    const { deps, clock } = runDeps(config, clients, redis);
    const report = await runMonkey(
      {
        monkey: 'kong',
        region: 'us-east-1',
        params: { records: [{ hostedZoneId, name: 'api.failover.example.com' }] },
        flagDryRun: false,
      },
      deps,
    );
    expect(report.actions).toEqual([expect.objectContaining({ kind: 'flip-route53-failover', status: 'done' })]);
    expect(await roles()).toEqual({ 'us-east-1': 'SECONDARY', 'us-west-2': 'PRIMARY' });

    const results = await revertDueAsAnotherProcess(config, clients, redis, minutesAfter(clock, 31));
    expect(results.map((result) => result.status)).toEqual(['done']);
    expect(await roles()).toEqual({ 'us-east-1': 'PRIMARY', 'us-west-2': 'SECONDARY' });
  });
});
