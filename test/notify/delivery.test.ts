import { afterAll, describe, expect, it } from 'vitest';
import { globalConfigSchema } from '../../core/config/schema.js';
import { byOwner } from '../../core/notify/digest.js';
import { ownerOf } from '../../core/notify/owner.js';
import { redisUrl, testRedis } from '../support/env.js';
import { type Receiver, startReceiver, useReceivers } from '../support/receiver.js';
import { PYCON, testGateway } from './harness.js';

const redis = testRedis();
let pagerduty: Receiver;
let slack: Receiver;
let webhook: Receiver;

const SECRETS = {
  routingKey: 'PD-R0UTING-KEY-0123',
  secret: 'HMAC-S3CRET-4567',
  slackPath: '/services/T000/B000/XOXB-SLACK-TOKEN',
};

useReceivers(['/hook', SECRETS.slackPath, '/hook'], (receivers) => {
  [pagerduty, slack, webhook] = receivers;
});
afterAll(() => {
  redis.disconnect();
});

function threeChannels(extra: Record<string, unknown> = {}) {
  return testGateway(redis, {
    pagerduty: { routingKey: SECRETS.routingKey, endpointUrl: pagerduty.url },
    slack: { webhookUrl: slack.url },
    webhooks: [{ name: 'ops', url: webhook.url, secret: SECRETS.secret }],
    ...extra,
  });
}

describe('dedup', () => {
  it('100 sends of one incident key in its window: 1 delivery per channel; resolve delivered once', async () => {
    const { gateway } = threeChannels();
    const reports = await Promise.all(Array.from({ length: 100 }, () => gateway.send(PYCON)));
    for (const receiver of [pagerduty, slack, webhook]) expect(receiver.received).toHaveLength(1);
    const statuses = reports.flatMap((report) => report.outcomes.map((outcome) => outcome.status));
    expect(statuses.filter((status) => status === 'sent')).toHaveLength(3);
    expect(statuses.filter((status) => status === 'deduplicated')).toHaveLength(297);

    await Promise.all([gateway.resolve('PyconAlert'), gateway.resolve('PyconAlert'), gateway.resolve('PyconAlert')]);
    for (const receiver of [pagerduty, slack, webhook]) expect(receiver.received).toHaveLength(2);
    expect(pagerduty.received[1]?.json()).toMatchObject({ event_action: 'resolve', dedup_key: 'PyconAlert' });
    expect(webhook.received[1]?.json()).toMatchObject({
      action: 'resolve',
      incident_key: 'PyconAlert',
      cluster: 'pycon',
    });

    // Resolved, the incident may fire again.
    await gateway.send(PYCON);
    for (const receiver of [pagerduty, slack, webhook]) expect(receiver.received).toHaveLength(3);
  });

  it('a resolve goes only to the channels the incident went to', async () => {
    const { gateway } = threeChannels({ routes: [{ match: { severity: ['critical'] }, channels: ['pagerduty'] }] });
    await gateway.send({ ...PYCON, severity: 'critical' });
    const report = await gateway.resolve('PyconAlert');
    expect(report.outcomes.map((outcome) => outcome.channel)).toEqual(['pagerduty']);
    expect(pagerduty.received).toHaveLength(2);
    expect(slack.received).toHaveLength(0);
  });

  it('a resolve reaches every channel any send of the incident reached', async () => {
    const { gateway } = threeChannels({
      routes: [
        { match: { severity: ['critical'] }, channels: ['pagerduty'] },
        { match: { severity: ['warning'] }, channels: ['ops'] },
      ],
    });
    await gateway.send({ ...PYCON, severity: 'critical' });
    await gateway.send({ ...PYCON, severity: 'warning' });
    const report = await gateway.resolve('PyconAlert');
    expect(report.outcomes.map((outcome) => [outcome.channel, outcome.status])).toEqual([
      ['pagerduty', 'sent'],
      ['ops', 'sent'],
    ]);
    expect(slack.received).toHaveLength(0);
  });

  it('per-channel rate limit: past max in the window, the rest is rate-limited and recorded', async () => {
    const { gateway, timeline } = testGateway(redis, {
      webhooks: [{ url: webhook.url }],
      slack: { webhookUrl: slack.url },
      rateLimit: { max: 2, per: '1h' },
      rateLimits: { slack: { max: 3, per: '1h' } },
    });
    const reports = [];
    for (const key of ['a', 'b', 'c']) reports.push(await gateway.send({ ...PYCON, incidentKey: key }));
    expect(reports.map((report) => report.outcomes.map((outcome) => outcome.status))).toEqual([
      ['sent', 'sent'],
      ['sent', 'sent'],
      ['sent', 'rate-limited'],
    ]);
    expect(reports[2]?.outcomes[1]?.reason).toBe('rate limit of 2 per 1h reached');
    expect(webhook.received).toHaveLength(2);
    expect(slack.received).toHaveLength(3);
    const failed = await timeline.query({ type: 'AlertFailed' });
    expect(failed.map((event) => event.incidentKey)).toEqual(['c']);
  });
});

describe('without Redis', () => {
  it('delivers undeduplicated rather than not at all, and the send still resolves', async () => {
    const { Redis } = await import('ioredis');
    const gone = new Redis(redisUrl(), { lazyConnect: true });
    gone.disconnect();
    const { gateway } = testGateway(gone, { webhooks: [{ url: webhook.url }] });
    expect((await gateway.send(PYCON)).outcomes).toEqual([{ channel: 'webhook-1', status: 'sent', attempts: 1 }]);
    expect(webhook.received).toHaveLength(1);
  });
});

describe('retries', () => {
  it('a receiver failing 3 times then succeeding: delivered once, after 4 attempts', async () => {
    webhook.answer([500, 503, 429]);
    const { gateway, timeline } = testGateway(redis, { webhooks: [{ url: webhook.url }] });
    const report = await gateway.send(PYCON);
    expect(report.outcomes).toEqual([{ channel: 'webhook-1', status: 'sent', attempts: 4 }]);
    expect(webhook.received).toHaveLength(4);
    expect(new Set(webhook.received.map((request) => request.body)).size).toBe(1);
    expect(await timeline.query({ type: 'AlertFailed' })).toEqual([]);
    // The next send of the same incident is deduplicated: it arrived once.
    expect((await gateway.send(PYCON)).outcomes[0]?.status).toBe('deduplicated');
    expect(webhook.received).toHaveLength(4);
  });

  it('always failing: the send resolves (never throws), AlertFailed is recorded, other channels still get it', async () => {
    webhook.answer([], 500);
    const { gateway, timeline } = threeChannels();
    let actionCompleted = false;
    const report = await gateway.send(PYCON).then((result) => {
      actionCompleted = true;
      return result;
    });
    expect(actionCompleted).toBe(true);
    expect(report.outcomes).toEqual([
      { channel: 'pagerduty', status: 'sent', attempts: 1 },
      { channel: 'slack', status: 'sent', attempts: 1 },
      { channel: 'ops', status: 'failed', attempts: 4, reason: 'HTTP 500' },
    ]);
    expect(webhook.received).toHaveLength(4);
    const [failed] = await timeline.query({ type: 'AlertFailed' });
    expect(failed).toMatchObject({
      app: 'pycon',
      channel: 'ops',
      reason: 'HTTP 500',
      incidentKey: 'PyconAlert',
      attempts: 4,
    });
    const [sent] = await timeline.query({ type: 'Alert' });
    expect(sent?.desc).toBe('trigger PyconAlert (pagerduty: sent, slack: sent, ops: failed)');

    // Not delivered, so not deduplicated: the next send tries again.
    webhook.answer([]);
    expect((await gateway.send(PYCON)).outcomes.map((outcome) => outcome.status)).toEqual([
      'deduplicated',
      'deduplicated',
      'sent',
    ]);
  });

  it('a receiver that never answers: each try ends at its deadline, and no try starts past the budget', async () => {
    webhook.answer([], 0);
    const { gateway } = testGateway(redis, {
      webhooks: [{ url: webhook.url }],
      retry: { attempts: 10, backoff: 1, maxBackoff: 1, timeout: '1s', budget: 1 },
    });
    expect((await gateway.send(PYCON)).outcomes[0]).toEqual({
      channel: 'webhook-1',
      status: 'failed',
      attempts: 1,
      reason: 'no answer within 1 ms',
    });
  });

  it('a 4xx other than 408/429 is not retried', async () => {
    webhook.answer([], 404);
    const { gateway } = testGateway(redis, { webhooks: [{ url: webhook.url }] });
    expect((await gateway.send(PYCON)).outcomes[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      reason: 'HTTP 404',
    });
  });

  it('a receiver nobody listens on fails with the reason and no URL in it', async () => {
    const closed = await startReceiver();
    const url = closed.url;
    await closed.close();
    const { gateway } = testGateway(redis, { webhooks: [{ url }], retry: { attempts: 2, backoff: 1, maxBackoff: 1 } });
    const [outcome] = (await gateway.send(PYCON)).outcomes;
    expect(outcome).toMatchObject({ status: 'failed', attempts: 2, reason: 'no answer (ECONNREFUSED)' });
  });
});

describe('owners and digests', () => {
  it('50 resources of one owner: 1 digest listing all 50', async () => {
    const { gateway } = testGateway(redis, { webhooks: [{ url: webhook.url }] });
    const config = globalConfigSchema.parse({ tags: { owner: 'Owner', ownerKeys: ['team', 'contact'] } });
    const resources = Array.from({ length: 50 }, (_, index) => ({
      id: `vol-${String(index).padStart(4, '0')}`,
      tags: index % 2 ? { team: 'storage@example.com' } : { contact: 'storage@example.com' },
    }));
    const owners = byOwner(resources, (resource) => ownerOf(resource.tags, config));
    expect([...owners.keys()]).toEqual(['storage@example.com']);
    for (const [owner, items] of owners) {
      await gateway.digest(
        owner,
        items.map((item) => ({ resource: item.id, reason: 'unattached for 30 days' })),
        { monkey: 'janitor', runId: 'run-1' },
      );
    }
    expect(webhook.received).toHaveLength(1);
    const body = webhook.received[0]?.json() as { desc: string; details: string; owner: string; incident_key: string };
    expect(body.owner).toBe('storage@example.com');
    expect(body.desc).toBe('janitor: 50 resources of storage@example.com');
    expect(body.incident_key).toBe('digest:janitor:run-1:storage@example.com');
    const lines = body.details.split('\n');
    expect(lines).toHaveLength(50);
    expect(lines.map((line) => line.split(':')[0])).toEqual(resources.map((resource) => resource.id));
  });

  it('owner from the first tag key present, else the account fallback, else the default', () => {
    const config = globalConfigSchema.parse({
      tags: { owner: 'owner', ownerKeys: ['team'] },
      notifications: { ownerFallback: { default: 'platform', accounts: { '111122223333': 'payments' } } },
    });
    expect(ownerOf({ owner: 'alice', team: 'infra' }, config)).toBe('alice');
    expect(ownerOf({ owner: ' ', team: 'infra' }, config)).toBe('infra');
    expect(ownerOf({}, config, '111122223333')).toBe('payments');
    expect(ownerOf({}, config, '999999999999')).toBe('platform');
  });

  it('an owner row in the route table sends that owner to its own channel', async () => {
    const { gateway } = threeChannels({
      routes: [{ match: { owner: ['team-db'] }, channels: ['ops'] }],
      defaultRoute: ['slack'],
    });
    await gateway.send({ ...PYCON, owner: 'team-db' });
    await gateway.send({ ...PYCON, incidentKey: 'other', owner: 'team-web' });
    expect(webhook.received.map((request) => request.json().owner)).toEqual(['team-db']);
    expect(slack.received).toHaveLength(1);
    expect(pagerduty.received).toHaveLength(0);
  });
});

describe('secrets', () => {
  it('captured logs and recorded events never contain a routing key, webhook path or HMAC secret', async () => {
    webhook.answer([], 500);
    slack.answer([], 500);
    pagerduty.answer([], 400);
    const { gateway, logs, timeline } = threeChannels();
    await gateway.send(PYCON);
    await gateway.resolve('PyconAlert');
    const events = JSON.stringify(await timeline.query({}));
    expect(logs.length).toBeGreaterThan(0);
    for (const text of [logs.join(''), events]) {
      for (const secret of [SECRETS.routingKey, SECRETS.secret, 'XOXB-SLACK-TOKEN', slack.url]) {
        expect(text).not.toContain(secret);
      }
    }
  });
});

describe('a URL that carries a password', () => {
  it('read from the environment at delivery: refused without a try, and no log, event or reason shows it', async () => {
    const port = new URL(webhook.url).port;
    process.env.NOTIFY_TEST_HOOK_URL = `http://alice:hunter2@127.0.0.1:${port}/hook/T0KEN-PATH`;
    const { gateway, logs, timeline } = testGateway(redis, { webhooks: [{ urlEnv: 'NOTIFY_TEST_HOOK_URL' }] });
    const report = await gateway.send(PYCON);
    expect(report.outcomes).toEqual([
      {
        channel: 'webhook-1',
        status: 'failed',
        attempts: 1,
        reason:
          'webhook webhook-1 URL: a user name or password in the URL is not allowed (put the credential in the path or a header)',
      },
    ]);
    expect(webhook.received).toHaveLength(0);
    const events = JSON.stringify(await timeline.query({}));
    expect(events).toContain('AlertFailed');
    for (const text of [logs.join(''), events, JSON.stringify(report)]) {
      for (const secret of ['hunter2', 'alice', 'T0KEN-PATH']) expect(text).not.toContain(secret);
    }
  });

  it('whatever a failure says, a URL in it is never passed on', async () => {
    const { redactUrls } = await import('../../core/notify/secret.js');
    expect(redactUrls('fetch failed: https://hooks.slack.com/services/T/B/XOXB and http://a:b@h/x.')).toBe(
      'fetch failed: <url> and <url>.',
    );
  });
});
