import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { globalConfigSchema } from '../../core/config/schema.js';
import { findingDigests } from '../../core/notify/findings.js';
import type { Finding } from '../../core/plan/finding.js';
import { testRedis } from '../support/env.js';
import { type Receiver, startReceiver } from '../support/receiver.js';
import { testGateway } from './harness.js';

const redis = testRedis();
let webhook: Receiver;
beforeAll(async () => {
  webhook = await startReceiver();
});
afterEach(() => {
  webhook.received.length = 0;
});
afterAll(async () => {
  await webhook.close();
  redis.disconnect();
});

function finding(
  index: number,
  owner: string | null,
  severity: Finding['severity'],
  account = '111122223333',
): Finding {
  return {
    rule: 'cert-expiring',
    resource: `cert-${index}`,
    resourceType: 'acm-certificate',
    severity,
    reason: `expires in ${index} days`,
    owner,
    account,
    region: 'us-east-1',
    details: {},
  };
}

describe('findings of a report run', () => {
  const { notifications } = globalConfigSchema.parse({
    notifications: { ownerFallback: { default: 'platform', accounts: { '444455556666': 'payments' } } },
  });

  it('at or above findings.minSeverity (default warning), one digest per owner, at the worst severity listed', () => {
    const findings = [
      ...Array.from({ length: 50 }, (_, index) =>
        finding(index, 'web@example.com', index === 7 ? 'critical' : 'warning'),
      ),
      finding(100, 'web@example.com', 'info'),
      finding(101, null, 'warning'),
      finding(102, null, 'warning', '444455556666'),
    ];
    const digests = findingDigests(findings, { monkey: 'security', runId: 'job-9' }, notifications);
    expect(digests.map((digest) => [digest.owner, digest.severity, digest.incidentKey])).toEqual([
      ['web@example.com', 'critical', 'digest:security:job-9:web@example.com'],
      ['platform', 'warning', 'digest:security:job-9:platform'],
      ['payments', 'warning', 'digest:security:job-9:payments'],
    ]);
    const lines = String(digests[0]?.details).split('\n');
    expect(lines).toHaveLength(50);
    expect(lines[3]).toBe('cert-3 (111122223333 us-east-1): cert-expiring: expires in 3 days');
  });

  it('sent through the gateway: one message per owner, and a retried job does not tell them twice', async () => {
    const { gateway } = testGateway(redis, { webhooks: [{ url: webhook.url }] });
    const findings = Array.from({ length: 50 }, (_, index) => finding(index, 'web@example.com', 'warning'));
    for (let attempt = 0; attempt < 2; attempt += 1) {
      for (const digest of findingDigests(findings, { monkey: 'security', runId: 'job-9' }, notifications)) {
        await gateway.send(digest);
      }
    }
    expect(webhook.received).toHaveLength(1);
    expect(webhook.received[0]?.json()).toMatchObject({
      owner: 'web@example.com',
      desc: 'security: 50 resources of web@example.com',
    });
  });
});
