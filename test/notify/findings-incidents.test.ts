import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AllocateAddressCommand, ReleaseAddressCommand } from '@aws-sdk/client-ec2';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type LoadedConfig, loadConfig } from '../../core/config/load.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { createLogger } from '../../core/log.js';
import { alertGatewayFromConfig } from '../../core/notify/from-config.js';
import type { AlertGateway } from '../../core/notify/gateway.js';
import { type FleetQueue, openFleetQueue } from '../../core/queue/fleet-queue.js';
import { closeRedis, openRedis } from '../../core/redis/connection.js';
import { pipelineRunner, registryRevertSource } from '../../core/run/pipeline.js';
import { monkeyCatalog } from '../../monkeys/index.js';
import { testPipelineParts } from '../queue/support/pipeline-parts.js';
import { testRedisYaml, writeConfigFile } from '../support/config-file.js';
import { MOTO_ACCOUNT, redisUrl, testClients, uniquePrefix } from '../support/env.js';
import { type Receiver, useReceivers } from '../support/receiver.js';

const REGION = 'us-east-1';
const EIP_KEY = `howler:limit-ec2-elastic-ips:arn:aws:servicequotas:${REGION}:${MOTO_ACCOUNT}:ec2/L-0263D0A3`;

const clients = testClients();
const ec2 = clients.ec2({ region: REGION });
let webhook: Receiver;
let redis: Redis;
let queue: FleetQueue;
let config: LoadedConfig;
let gateway: AlertGateway;
const allocations: string[] = [];

useReceivers(['/hook'], ([hook]) => {
  webhook = hook;
});

/** Howler scheduled hourly, alerts to one webhook (the default dedup window of an hour: every run is inside it). */
function howlerConfig(url: string): LoadedConfig {
  const notifications = {
    webhooks: [{ url }],
    // Findings' own incidents, asked for by a route (by default only the owners' digests go out).
    routes: [{ match: { monkey: ['howler'] }, channels: ['webhook-1'], findingIncidents: true }],
    retry: { backoff: '1ms', maxBackoff: '5ms', timeout: '2s' },
    ownerFallback: { accounts: { [MOTO_ACCOUNT]: 'platform@example.com' } },
  };
  const path = writeConfigFile(
    `${testRedisYaml(uniquePrefix('incidents'))}${stringify({ accounts: [{ id: MOTO_ACCOUNT }], regions: [REGION], notifications })}`,
  );
  mkdirSync(join(dirname(path), 'schedules'));
  const entry = { id: 'howler-hourly', monkey: 'howler', every: '1h', params: { limits: onlyElasticIps() } };
  writeFileSync(join(dirname(path), 'schedules', 'howler.yaml'), stringify({ schedules: [entry] }));
  return loadConfig({ configPath: path, env: {}, monkeys: monkeyCatalog });
}

/** Every limit off but the Elastic IPs (moto's DescribeAccountAttributes: 5). */
function onlyElasticIps(): Record<string, { enabled: false }> {
  const ids = [
    'limit-autoscaling-groups',
    'limit-autoscaling-launch-configurations',
    'limit-ec2-on-demand-standard-vcpus',
    'limit-vpc-vpcs',
    'limit-vpc-security-groups',
    'limit-elbv2-application-load-balancers',
    'limit-elbv2-network-load-balancers',
    'limit-elbv2-target-groups',
    'limit-route53-hosted-zones',
  ];
  return Object.fromEntries(ids.map((id) => [id, { enabled: false }]));
}

async function elasticIps(count: number): Promise<void> {
  while (allocations.length < count) {
    allocations.push((await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId as string);
  }
  while (allocations.length > count) {
    await ec2.send(new ReleaseAddressCommand({ AllocationId: allocations.pop() as string }));
  }
}

/** One scheduled run of the howler entry, then every alert it sent delivered: the incident posts it made. */
async function scheduledRun(jobId: string) {
  const parts = { ...testPipelineParts(() => config, { clients, redis, queue }), alerts: gateway };
  const before = webhook.received.length;
  await pipelineRunner(
    parts,
    registryRevertSource(parts),
  )({ scheduleId: 'howler-hourly', monkey: 'howler', jobId, attempt: 1 });
  await gateway.flush();
  return webhook.received
    .slice(before)
    .map((post) => post.json())
    .filter((body) => !String(body.incident_key).startsWith('digest:'));
}

beforeAll(() => {
  redis = openRedis(redisUrl());
});

afterAll(async () => {
  await queue?.close();
  await closeRedis(redis);
  clients.destroy();
});

describe('findings incidents across scheduled runs', () => {
  it('tells a finding once across runs, again when it worsens, and resolves it when it clears', async () => {
    config = howlerConfig(webhook.url);
    queue = openFleetQueue(config.global, redis);
    const logger = createLogger({ pretty: false, level: 'silent' });
    gateway = alertGatewayFromConfig({ config: config.global, clients, redis, events: new MemoryEventSink(), logger });

    await elasticIps(4);
    const first = await scheduledRun('job-1');
    expect(first).toEqual([
      expect.objectContaining({
        action: 'trigger',
        incident_key: EIP_KEY,
        severity: 'warning',
        monkey: 'howler',
        owner: 'platform@example.com',
        account: MOTO_ACCOUNT,
        region: REGION,
        resource: `arn:aws:servicequotas:${REGION}:${MOTO_ACCOUNT}:ec2/L-0263D0A3`,
      }),
    ]);
    expect(String(first[0]?.desc)).toContain('4 of 5 Elastic IPs in use (80%');

    // The same finding again: no alert (the owner's digest still comes, once per run).
    const digestsBefore = webhook.received.length;
    expect(await scheduledRun('job-2')).toEqual([]);
    const digests = webhook.received.slice(digestsBefore).map((post) => post.json().incident_key);
    expect(digests).toEqual(['digest:howler:job-2:platform@example.com']);

    // Worse: told at once, though still inside the dedup window of the first alert.
    await elasticIps(5);
    expect(await scheduledRun('job-3')).toEqual([
      expect.objectContaining({ action: 'trigger', incident_key: EIP_KEY, severity: 'critical' }),
    ]);

    await elasticIps(3);
    expect(await scheduledRun('job-4')).toEqual([
      expect.objectContaining({ action: 'resolve', incident_key: EIP_KEY }),
    ]);
    // Resolved once: a later run with the limit still clear tells nothing.
    expect(await scheduledRun('job-5')).toEqual([]);
  });

  it('tells again on the next run a finding the channel did not take', async () => {
    await elasticIps(4);
    webhook.answer([], 500);
    const failed = await scheduledRun('job-6');
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed.map((body) => body.incident_key))).toEqual(new Set([EIP_KEY]));
    webhook.answer([]);
    expect(await scheduledRun('job-7')).toEqual([
      expect.objectContaining({ action: 'trigger', incident_key: EIP_KEY }),
    ]);
    expect(await scheduledRun('job-8')).toEqual([]);
  });
});
