// The action kinds are registered by the monkeys that declare them.
import '../../monkeys/index.js';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paramsProblem } from '../../core/actuator/effect-params.js';
import { executePlan } from '../../core/actuator/execute.js';
import { unpaced } from '../../core/actuator/pacer.js';
import { allEffects } from '../../core/actuator/registry.js';
import { applyRevert } from '../../core/actuator/revert-apply.js';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import { fixedClock } from '../../core/clock.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { MOTO_ACCOUNT, testClients, testRedis, uniquePrefix } from '../support/env.js';
import { executeDeps, instanceAction, quietLogger, REGION, runContext } from './support.js';

/** Params each builtin kind is planned (or registered as a revert) with. A new kind must add its own here. */
const VALID: Record<string, Record<string, unknown>> = {
  'terminate-instance': {},
  'stop-instance': {},
  'start-instance': {},
  'reboot-instance': {},
  'block-network': {},
  'detach-volumes': {},
  'remove-zone-subnets': { zone: 'us-east-1a', subnetIds: ['subnet-0a1b2c'] },
  'restore-subnets': { vpcZoneIdentifier: 'subnet-0a1b2c,subnet-0d4e5f' },
  'isolate-subnets': { subnetId: 'subnet-0a1b2c', vpcId: 'vpc-0a1b', groups: ['web-prod'] },
  'restore-nacl-associations': { networkAclId: 'acl-0a1b2c' },
  'restore-security-groups': { securityGroupIds: ['sg-0a1b2c'] },
  'attach-volumes': { volumes: [{ volumeId: 'vol-0a1b', device: '/dev/sdf' }] },
  'run-host-fault': { fault: 'burn-cpu', durationSeconds: 600 },
  'cancel-host-fault': { fault: 'burn-cpu' },
  'delay-network': { durationSeconds: 600, delayMs: 200 },
  'shift-route53-weight': {
    hostedZoneId: 'Z123',
    name: 'api.example.com.',
    type: 'A',
    setIdentifier: 'us-east-1',
    weight: 0,
    originalWeight: 100,
  },
  'flip-route53-failover': {
    hostedZoneId: 'Z123',
    name: 'api.example.com.',
    type: 'A',
    setIdentifier: 'us-east-1',
    partner: 'us-west-2',
  },
  'restore-route53-record': {
    hostedZoneId: 'Z123',
    recordSet: { Name: 'api.example.com.', Type: 'A', SetIdentifier: 'us-east-1', Weight: 100, TTL: 60 },
  },
  'terminate-in-group': {},
  'set-instance-health': { health: 'Unhealthy', markTags: { 'simian:doctor:rule': 'status-impaired' } },
  'detach-instance': {
    group: 'web-prod',
    quarantine: { at: '2026-11-24T18:00:00.000Z' },
    atOnce: { max: 1, percent: 34, holdMs: 3_600_000 },
    markTags: { 'simian:doctor:quarantined-from': 'web-prod' },
  },
  'terminate-quarantined': {
    group: 'web-prod',
    graceMs: 86_400_000,
    plannedAt: '2026-11-25T19:00:00.000Z',
    owner: 'web@example.com',
    severity: 'info',
  },
  'notify-owner': {
    owner: 'web@example.com',
    severity: 'warning',
    desc: 'i-0aa in web-prod is unhealthy',
    incidentKey: 'doctor:i-0aa:status-impaired',
    cluster: 'web-prod',
  },
  'note-seen': { resourceType: 'volume', tags: { 'simian:janitor:detached-seen-at': '2026-11-01T10:00:00.000Z' } },
  'mark-for-janitor': { resourceType: 'volume', tags: { 'simian:janitor:rule': 'detached-volume' } },
  'unmark-for-janitor': { resourceType: 'volume', keys: ['simian:janitor:rule'] },
  'restore-volume': { resourceType: 'volume' },
  'register-image': { resourceType: 'image' },
  'restore-auto-scaling-group': { resourceType: 'auto-scaling-group' },
  'restore-load-balancer': { resourceType: 'load-balancer' },
  'restore-classic-load-balancer': { resourceType: 'classic-load-balancer' },
  'restore-target-group': { resourceType: 'target-group' },
  'restore-security-group': { resourceType: 'security-group' },
  'restore-network-interface': { resourceType: 'network-interface' },
  'restore-elastic-ip': { resourceType: 'elastic-ip' },
  'restore-launch-configuration': { resourceType: 'launch-configuration' },
  ...Object.fromEntries(
    [
      'delete-volume',
      'delete-snapshot',
      'deregister-image',
      'delete-auto-scaling-group',
      'delete-launch-configuration',
      'delete-load-balancer',
      'delete-classic-load-balancer',
      'release-address',
      'delete-target-group',
      'delete-network-interface',
      'delete-security-group',
      'delete-rds-snapshot',
      'delete-rds-cluster-snapshot',
      'delete-log-group',
    ].map((kind) => [
      kind,
      {
        resourceType: 'volume',
        rule: 'detached-volume',
        days: 30,
        markedAt: '2026-11-01T10:00:00.000Z',
        deleteAfter: '2026-11-04T10:00:00.000Z',
        notifiedAt: '2026-11-01T10:00:00.000Z',
        notifiedOwner: 'alice@example.com',
        plannedAt: '2026-11-10T10:00:00.000Z',
      },
    ]),
  ),
};

describe('typed effect params', () => {
  it('every registered effect declares a params schema and its cost against the caps', () => {
    for (const effect of allEffects()) {
      expect(typeof effect.paramsSchema?.safeParse, effect.kind).toBe('function');
      expect(['instance', 'none'], effect.kind).toContain(effect.capped);
    }
  });

  it('every registered schema accepts what its kind is planned with, and is strict (an unknown key is refused)', () => {
    for (const effect of allEffects()) {
      const valid = VALID[effect.kind];
      expect(valid, `no sample params for ${effect.kind}: add them to VALID`).toBeDefined();
      expect(paramsProblem(effect, valid), effect.kind).toBeNull();
      expect(paramsProblem(effect, { ...valid, unexpected: true }), effect.kind).toMatch(/unexpected|Unrecognized/i);
    }
  });

  it('a bad param is bad input when the batches are built: nothing is recorded or done', async () => {
    const clients = testClients();
    const events = new MemoryEventSink();
    const plan = {
      monkey: 'gorilla' as const,
      target: { region: REGION },
      actions: [
        instanceAction('terminate-instance', 'i-0aa'),
        instanceAction('remove-zone-subnets', 'web-prod', { params: { zone: 'us-east-1a', subnetIds: ['nope'] } }),
      ],
      skipped: [],
    };
    await expect(executePlan(plan, runContext({ dryRun: false }), executeDeps(clients, { events }))).rejects.toThrow(
      /bad params for remove-zone-subnets web-prod: .*subnet id/,
    );
    expect(events.events).toEqual([]);
    clients.destroy();
  });
});

describe('typed revert params', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = testRedis();
  });
  afterAll(() => redis.disconnect());

  it('a revert record whose params fail the schema is a failed revert with the reason, and no AWS call is made', async () => {
    const clients = testClients();
    const registry = new RevertRegistry(redis, { prefix: uniquePrefix('rv-params') });
    const id = await registry.register(
      {
        kind: 'restore-security-groups',
        resource: 'i-0123456789abcdef0',
        account: MOTO_ACCOUNT,
        region: REGION,
        params: { securityGroupIds: ['not-a-group'] },
      },
      new Date(0),
      { runId: 'run-bad-params', monkey: 'chaos', appliedKind: 'block-network', group: 'web-prod', zone: null },
    );
    clients.counter.reset();
    const result = await applyRevert(id, {
      registry,
      clients,
      pacer: unpaced,
      events: new MemoryEventSink(),
      logger: quietLogger,
      clock: fixedClock('2026-11-26T10:00:00Z'),
    });
    expect(result.status).toBe('failed');
    expect(result.detail).toMatch(/params do not fit restore-security-groups: .*security group id/);
    expect(clients.counter.total()).toBe(0);
    expect((await registry.get(id))?.status).toBe('failed');
    clients.destroy();
  });
});
