import { afterAll, describe, expect, it } from 'vitest';
import { globalConfigSchema } from '../../core/config/schema.js';
import { createLogger } from '../../core/log.js';
import { reconcileRunIncidents } from '../../core/notify/findings-state.js';
import type { RunReport } from '../../core/plan/action.js';
import type { Finding, Severity } from '../../core/plan/finding.js';
import { MOTO_ACCOUNT, testRedis } from '../support/env.js';
import { type Receiver, useReceivers } from '../support/receiver.js';
import { testGateway } from './harness.js';

const redis = testRedis();
let webhook: Receiver;
useReceivers(['/hook'], ([hook]) => {
  webhook = hook;
});
afterAll(() => redis.disconnect());

const logger = createLogger({ pretty: false, level: 'silent' });

function finding(resource: string, severity: Severity, region = 'us-east-1'): Finding {
  return {
    rule: 'open-ingress',
    resource,
    resourceType: 'security-group',
    severity,
    reason: `${resource} is open to the world`,
    owner: 'web@example.com',
    account: MOTO_ACCOUNT,
    region,
    details: {},
  };
}

function report(findings: Finding[], refused?: RunReport['refused']): RunReport {
  return {
    monkey: 'audit-test',
    dryRun: true,
    target: {},
    actions: [],
    skipped: [],
    findings,
    summary: { planned: 0, done: 0, failed: 0, skipped: 0 },
    ...(refused ? { refused } : {}),
  };
}

/** One gateway (and findings state under its prefix) for a file's runs; each `run` is one scheduled job. */
function incidents(findingsConfig: Record<string, unknown> = {}) {
  // A route that asks for findings' own incidents (off by default: digests only).
  const channels = { webhooks: [{ url: webhook.url }], routes: [{ channels: ['webhook-1'], findingIncidents: true }] };
  const { gateway, prefix } = testGateway(redis, channels);
  const { notifications } = globalConfigSchema.parse({ notifications: { ...channels, findings: findingsConfig } });
  return async (runs: { region: string; report: RunReport }[]) => {
    const before = webhook.received.length;
    const account = async () => ({ id: MOTO_ACCOUNT });
    await reconcileRunIncidents(runs, 'audit-test', { redis, prefix, gateway, notifications, logger, account });
    await gateway.flush();
    return webhook.received.slice(before).map((post) => {
      const body = post.json();
      return `${body.action} ${body.incident_key} ${body.severity}`;
    });
  };
}

describe('findings incidents (reconcileRunIncidents)', () => {
  it('alerts only findings at or above findings.incidentSeverity, and resolves one that eases below it', async () => {
    const run = incidents({ incidentSeverity: 'critical' });
    const east = (findings: Finding[]) => [{ region: 'us-east-1', report: report(findings) }];
    expect(await run(east([finding('sg-1', 'warning'), finding('sg-2', 'critical')]))).toEqual([
      'trigger audit-test:open-ingress:sg-2 critical',
    ]);
    expect(await run(east([finding('sg-1', 'critical'), finding('sg-2', 'warning')]))).toEqual(
      expect.arrayContaining([
        'trigger audit-test:open-ingress:sg-1 critical',
        'resolve audit-test:open-ingress:sg-2 critical',
      ]),
    );
  });

  it('keeps each region apart, and a refused run resolves nothing', async () => {
    const run = incidents();
    const east = report([finding('sg-3', 'warning')]);
    const both = [
      { region: 'us-east-1', report: east },
      { region: 'us-west-2', report: report([finding('sg-4', 'warning', 'us-west-2')]) },
    ];
    expect((await run(both)).sort()).toEqual([
      'trigger audit-test:open-ingress:sg-3 warning',
      'trigger audit-test:open-ingress:sg-4 warning',
    ]);
    const refused = report([], { guard: 'account', reason: 'account not allowed' });
    expect(await run([{ region: 'us-east-1', report: refused }])).toEqual([]);
    // Fixed in us-west-2: resolved there; us-east-1 keeps its incident open, and its next run tells nothing.
    expect(await run([{ region: 'us-west-2', report: report([]) }])).toEqual([
      'resolve audit-test:open-ingress:sg-4 warning',
    ]);
    expect(await run([{ region: 'us-east-1', report: east }])).toEqual([]);
  });
});
