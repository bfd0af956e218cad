import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type LoadedConfig, loadConfig } from '../../core/config/load.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { createLogger } from '../../core/log.js';
import { findingOwner } from '../../core/notify/findings.js';
import { alertGatewayFromConfig } from '../../core/notify/from-config.js';
import { type FleetQueue, openFleetQueue } from '../../core/queue/fleet-queue.js';
import { closeRedis, openRedis } from '../../core/redis/connection.js';
import { pipelineRunner, registryRevertSource } from '../../core/run/pipeline.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { monkeyCatalog } from '../../monkeys/index.js';
import { testPipelineParts } from '../queue/support/pipeline-parts.js';
import { testRedisYaml, writeConfigFile } from '../support/config-file.js';
import { MOTO_ACCOUNT, redisUrl, testClients, uniquePrefix } from '../support/env.js';
import { type Receiver, useReceivers } from '../support/receiver.js';

const REGION = 'us-east-1';
const OWNERS = ['web@example.com', 'data@example.com', 'pay@example.com'];
const clients = testClients();
let pagerduty: Receiver;
let slack: Receiver;
let webhook: Receiver;
let redis: Redis;
let queue: FleetQueue;

useReceivers(['/pd', '/slack', '/hook'], (receivers) => {
  [pagerduty, slack, webhook] = receivers;
});

/** Conformity scheduled hourly; PagerDuty, Slack and a webhook; no routes (the defaults a first user has). */
function conformityConfig(): LoadedConfig {
  const notifications = {
    pagerduty: { routingKey: 'R0UTINGKEY', endpointUrl: pagerduty.url },
    slack: { webhookUrl: slack.url },
    webhooks: [{ name: 'ops', url: webhook.url }],
    retry: { backoff: '1ms', maxBackoff: '5ms', timeout: '2s' },
  };
  const path = writeConfigFile(
    `${testRedisYaml(uniquePrefix('storm'))}${stringify({ accounts: [{ id: MOTO_ACCOUNT }], regions: [REGION], notifications })}`,
  );
  mkdirSync(join(dirname(path), 'schedules'));
  const entry = { id: 'conformity-hourly', monkey: 'conformity', every: '1h' };
  writeFileSync(join(dirname(path), 'schedules', 'conformity.yaml'), stringify({ schedules: [entry] }));
  return loadConfig({ configPath: path, env: {}, monkeys: monkeyCatalog });
}

beforeAll(async () => {
  redis = openRedis(redisUrl());
  // Three owners' groups, 20 instances each, one zone: 60 instances without IMDSv2 and three single-zone groups.
  await seedFleet(clients, {
    region: REGION,
    zones: ['us-east-1a'],
    groups: OWNERS.map((owner, index) => ({ name: `app-${index}`, tags: { owner }, instancesPerZone: 20 })),
    snapshots: 0,
  });
});

afterAll(async () => {
  await queue?.close();
  await closeRedis(redis);
  clients.destroy();
});

describe('a scheduled report run with many warnings and three channels', () => {
  it('sends one digest per owner per channel, and a critical alert right after is still delivered', async () => {
    const config = conformityConfig();
    queue = openFleetQueue(config.global, redis);
    const logger = createLogger({ pretty: false, level: 'silent' });
    const gateway = alertGatewayFromConfig({
      config: config.global,
      clients,
      redis,
      events: new MemoryEventSink(),
      logger,
    });
    const parts = { ...testPipelineParts(() => config, { clients, redis, queue }), alerts: gateway };
    const report = await pipelineRunner(
      parts,
      registryRevertSource(parts),
    )({ scheduleId: 'conformity-hourly', monkey: 'conformity', jobId: 'storm-1', attempt: 1 });
    await gateway.flush();

    const warnings = (report.findings ?? []).filter((finding) => finding.severity === 'warning');
    expect(warnings.length).toBeGreaterThanOrEqual(60);
    const owners = new Set(
      (report.findings ?? []).map((finding) => findingOwner(finding, config.global.notifications) ?? 'unowned'),
    );
    // One message per owner on each channel: digests only, never one incident per finding.
    for (const receiver of [pagerduty, slack, webhook]) expect(receiver.received).toHaveLength(owners.size);
    const keys = webhook.received.map((post) => String(post.json().incident_key));
    expect(keys.every((key) => key.startsWith('digest:conformity:storm-1:'))).toBe(true);
    expect(new Set(webhook.received.map((post) => post.json().owner))).toEqual(owners);
    expect(new Set(pagerduty.received.map((post) => post.json().dedup_key)).size).toBe(owners.size);

    const critical = await gateway.send({
      cluster: 'payments',
      severity: 'critical',
      desc: 'checkout is down',
      incidentKey: 'checkout-down',
    });
    expect(critical.outcomes.map((outcome) => [outcome.channel, outcome.status])).toEqual([
      ['pagerduty', 'sent'],
      ['slack', 'sent'],
      ['ops', 'sent'],
    ]);
  });
});
