import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../core/run/run-monkey.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { instanceStates } from '../actuator/support.js';
import { seededGroup, ZONES } from '../support/fleet.js';
import { gorillaConfig, gorillaSandbox, runDeps } from './gorilla-harness.js';

const sandbox = gorillaSandbox({
  region: 'us-east-1',
  zones: ZONES,
  groups: [
    { name: 'web-prod', tags: { 'simian:gorilla': 'enabled' }, instancesPerZone: 2 },
    { name: 'api-prod', tags: { 'simian:all': 'enabled' }, instancesPerZone: 2 },
    { name: 'db-prod', tags: { 'simian:gorilla': 'disabled' }, instancesPerZone: 1 },
  ],
  snapshots: 0,
});
const { clients, redis } = sandbox;

describe('gorilla armed, terminate mode', () => {
  it('terminates every opted-in instance of the zone in one batched TerminateInstances call', async () => {
    const { deps } = runDeps(gorillaConfig(), clients, redis);
    const victims = sandbox.fleet.groups
      .filter((group) => group.name !== 'db-prod')
      .flatMap((group) => group.instancesByZone['us-east-1a'] ?? []);
    const spared = seededGroup(sandbox.fleet, 'db-prod').instancesByZone['us-east-1a'] ?? [];
    const otherZones = sandbox.fleet.groups.flatMap((group) => [
      ...(group.instancesByZone['us-east-1b'] ?? []),
      ...(group.instancesByZone['us-east-1c'] ?? []),
    ]);
    const terminateCalls = clients.counter.count('TerminateInstances');

    const report = await runMonkey(
      { monkey: 'gorilla', region: 'us-east-1', params: { zone: 'us-east-1a' }, flagDryRun: false },
      deps,
    );

    expect(report.dryRun).toBe(false);
    expect(report.actions.map((action) => action.resource).sort()).toEqual([...victims].sort());
    expect(report.actions.every((action) => action.status === 'done')).toBe(true);
    expect(report.skipped).toEqual([
      expect.objectContaining({ resource: spared[0], group: 'db-prod', guard: 'opt-in' }),
    ]);
    expect(clients.counter.count('TerminateInstances') - terminateCalls).toBe(1);
    expect(exitCodeOf(report)).toBe(0);
    const states = await instanceStates(clients, [...victims, ...spared, ...otherZones]);
    for (const id of victims) expect(['shutting-down', 'terminated']).toContain(states.get(id));
    for (const id of [...spared, ...otherZones]) expect(states.get(id)).toBe('running');
  });
});
