import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../core/run/run-monkey.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import {
  aclAssociations,
  gorillaConfig,
  gorillaSandbox,
  minutesAfter,
  revertDueAsAnotherProcess,
  runDeps,
} from './gorilla-harness.js';

// Zone a hosts opted-in groups only; zone b also hosts an opted-out group, which spares its subnet.
const sandbox = gorillaSandbox({
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
const { clients, redis } = sandbox;

const associations = () => aclAssociations(sandbox);

describe('gorilla armed, isolate mode', () => {
  it('puts the zone subnet behind a deny-all ACL, and a revert from another process restores the original association', async () => {
    const before = await associations();
    const subnetA = sandbox.fleet.subnetsByZone['us-east-1a'] as string;
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
    expect(during[sandbox.fleet.subnetsByZone['us-east-1b'] as string]).toBe(
      before[sandbox.fleet.subnetsByZone['us-east-1b'] as string],
    );

    const results = await revertDueAsAnotherProcess(config, clients, redis, minutesAfter(clock, 31));
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
        expect.objectContaining({ resource: sandbox.fleet.subnetsByZone['us-east-1b'], guard: 'opt-in' }),
      ]),
    );
    expect(await associations()).toEqual(before);
  });
});
