// The action kinds are registered by the monkeys that declare them.
import '../../monkeys/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { unpaced } from '../../core/actuator/pacer.js';
import { applyRevert } from '../../core/actuator/revert-apply.js';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import type { AwsClients } from '../../core/aws/clients.js';
import { fixedClock } from '../../core/clock.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { quietLogger, REGION } from '../actuator/support.js';
import { MOTO_ACCOUNT, testClients, testRedis, uniquePrefix } from '../support/env.js';
import { type Receiver, startReceiver } from '../support/receiver.js';
import { testGateway } from './harness.js';

const redis = testRedis();
let webhook: Receiver;

beforeAll(async () => {
  webhook = await startReceiver();
});
afterEach(() => {
  webhook.received.length = 0;
  webhook.answer([]);
});
afterAll(async () => {
  await webhook.close();
  redis.disconnect();
});

async function failingRevert(registry: RevertRegistry): Promise<string> {
  return registry.register(
    {
      kind: 'restore-security-groups',
      resource: 'i-0123456789abcdef0',
      account: MOTO_ACCOUNT,
      region: REGION,
      params: { securityGroupIds: ['not-a-group'] },
    },
    new Date(0),
    { runId: 'run-1', monkey: 'chaos', appliedKind: 'block-network', group: 'web-prod', zone: null },
  );
}

/** What applyRevert needs, with events in memory and a fixed clock. */
function revertDeps(registry: RevertRegistry, clients: AwsClients) {
  return {
    registry,
    clients,
    pacer: unpaced,
    events: new MemoryEventSink(),
    logger: quietLogger,
    clock: fixedClock('2026-11-26T10:00:00Z'),
  };
}

describe('wiring', () => {
  it('a failed revert tells the on-call (critical), once per revert', async () => {
    const { gateway } = testGateway(redis, { webhooks: [{ url: webhook.url }] });
    const clients = testClients();
    const registry = new RevertRegistry(redis, { prefix: uniquePrefix('rv-alert') });
    const id = await failingRevert(registry);
    const deps = { ...revertDeps(registry, clients), alerts: gateway };
    expect((await applyRevert(id, deps)).status).toBe('failed');
    await gateway.flush();
    const [post] = await webhook.waitFor(1);
    expect(post?.json()).toMatchObject({
      severity: 'critical',
      cluster: 'web-prod',
      incident_key: `revert-failed:${id}`,
      monkey: 'chaos',
      resource: 'i-0123456789abcdef0',
      account: MOTO_ACCOUNT,
    });
    clients.destroy();
  });

  it('a revert whose alert cannot be delivered still completes as it would without alerts', async () => {
    webhook.answer([], 500);
    const { gateway, timeline } = testGateway(redis, { webhooks: [{ url: webhook.url }] });
    const clients = testClients();
    const registry = new RevertRegistry(redis, { prefix: uniquePrefix('rv-alert') });
    const id = await failingRevert(registry);
    const base = revertDeps(registry, clients);
    const result = await applyRevert(id, { ...base, alerts: gateway });
    expect(result.status).toBe('failed');
    await gateway.flush();
    expect((await timeline.query({ type: 'AlertFailed' })).map((event) => event.channel)).toEqual(['webhook-1']);
    clients.destroy();
  });
});
