import { createHmac } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedis } from '../support/env.js';
import { type Receiver, useReceivers } from '../support/receiver.js';
import { PYCON, testGateway } from './harness.js';

const redis = testRedis();
let receiver: Receiver;

useReceivers(['/hook'], (receivers) => {
  [receiver] = receivers;
});
afterAll(() => {
  redis.disconnect();
});

describe('PagerDuty Events API v2', () => {
  it('triggers with dedup_key = incidentKey and resolves the same key', async () => {
    const { gateway } = testGateway(redis, { pagerduty: { routingKey: 'R0UTINGKEY', endpointUrl: receiver.url } });
    const alert = {
      ...PYCON,
      owner: 'team-a@example.com',
      monkey: 'janitor',
      account: '123456789012',
      region: 'us-east-1',
      resource: 'i-0abc',
    };
    const report = await gateway.send(alert);
    expect(report.outcomes).toEqual([{ channel: 'pagerduty', status: 'sent', attempts: 1 }]);
    const [trigger] = await receiver.waitFor(1);
    const body = trigger?.json() as {
      routing_key: string;
      event_action: string;
      dedup_key: string;
      client: string;
      payload: Record<string, unknown>;
    };
    expect(trigger?.headers['content-type']).toBe('application/json');
    expect(body.routing_key).toBe('R0UTINGKEY');
    expect(body.event_action).toBe('trigger');
    expect(body.dedup_key).toBe('PyconAlert');
    expect(body.client).toBe('simian');
    expect(body.payload.summary).toBe('Pycon rocks!');
    expect(body.payload.source).toBe('i-0abc');
    expect(body.payload.severity).toBe('warning');
    expect(body.payload.component).toBe('pycon');
    expect(body.payload.class).toBe('janitor');
    expect(body.payload.group).toBe('123456789012');
    expect(Number.isNaN(Date.parse(String(body.payload.timestamp)))).toBe(false);
    expect(body.payload.custom_details).toEqual({
      details: 'PyCon is the awesomest!',
      owner: 'team-a@example.com',
      region: 'us-east-1',
    });

    await gateway.resolve('PyconAlert');
    const [, resolve] = await receiver.waitFor(2);
    expect(resolve?.json()).toEqual({ routing_key: 'R0UTINGKEY', event_action: 'resolve', dedup_key: 'PyconAlert' });
  });
});

describe('Slack incoming webhook', () => {
  it('posts blocks saying what, where, when, whose, how to opt out, with a link to the event', async () => {
    const { gateway } = testGateway(redis, {
      slack: { webhookUrl: receiver.url },
      dashboardUrl: 'https://simian.example.com/',
    });
    await gateway.send({
      ...PYCON,
      owner: 'team-a',
      resource: 'asg-web',
      optOut: 'tag it simian:janitor=disabled',
      eventId: '17-0',
    });
    const [post] = await receiver.waitFor(1);
    interface Block {
      type: string;
      text: { type: string; text: string };
      fields: Array<{ text: string }>;
      elements: Array<{ text: string }>;
    }
    const body = post?.json() as { text: string; blocks: Block[] };
    expect(body.text).toBe('WARNING: Pycon rocks!');
    expect(body.blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(body.blocks[0]?.text).toEqual({ type: 'plain_text', text: ':warning: WARNING: Pycon rocks!' });
    const fields = body.blocks[1]?.fields.map((field) => field.text) ?? [];
    expect(fields[0]).toBe('*What*\nPycon rocks!');
    expect(fields[1]).toBe('*Where*\npycon · asg-web');
    expect(fields[2]).toMatch(/^\*When\*\n\d{4}-\d\d-\d\dT/);
    expect(fields[3]).toBe('*Owner*\nteam-a');
    expect(body.blocks[2]?.text.text).toBe('```PyCon is the awesomest!```');
    expect(body.blocks[3]?.elements.map((element) => element.text)).toEqual([
      'incident `PyconAlert`',
      'opt out: tag it simian:janitor=disabled',
      '<https://simian.example.com/?event=17-0|the event in simian>',
    ]);
  });
});

describe('generic webhook', () => {
  it('signs the body: the receiver verifies X-Simian-Signature with the shared secret, and the timestamp is now', async () => {
    const { gateway } = testGateway(redis, { webhooks: [{ name: 'ops', url: receiver.url, secret: 'sh4red-s3cret' }] });
    const before = Math.floor(Date.now() / 1000);
    const report = await gateway.send(PYCON);
    expect(report.outcomes[0]).toMatchObject({ channel: 'ops', status: 'sent' });
    const [post] = await receiver.waitFor(1);
    const expected = `sha256=${createHmac('sha256', 'sh4red-s3cret')
      .update(post?.body ?? '')
      .digest('hex')}`;
    expect(post?.headers['x-simian-signature']).toBe(expected);
    // The header says when it was signed (Unix seconds): between the send and now, so a receiver can refuse replays.
    const signedAt = Number(post?.headers['x-simian-timestamp']);
    const after = Math.floor(Date.now() / 1000);
    expect(signedAt >= before && signedAt <= after).toBe(true);
    expect(post?.json()).toMatchObject({
      action: 'trigger',
      cluster: 'pycon',
      severity: 'warning',
      desc: 'Pycon rocks!',
      incident_key: 'PyconAlert',
      details: 'PyCon is the awesomest!',
    });
  });

  it('sends no signature header when no secret is configured', async () => {
    const { gateway } = testGateway(redis, { webhooks: [{ url: receiver.url }] });
    expect((await gateway.send(PYCON)).outcomes[0]).toMatchObject({ channel: 'webhook-1', status: 'sent' });
    const [post] = await receiver.waitFor(1);
    expect(post?.headers['x-simian-signature']).toBeUndefined();
  });

  it('reads the URL and the secret from the environment and from a file', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'simian-secret-')), 'hmac');
    writeFileSync(file, 'fr0m-a-file\n');
    process.env.ALERT_TEST_WEBHOOK_URL = receiver.url;
    const { gateway } = testGateway(redis, { webhooks: [{ urlEnv: 'ALERT_TEST_WEBHOOK_URL', secretFile: file }] });
    expect((await gateway.send(PYCON)).outcomes[0]?.status).toBe('sent');
    const [post] = await receiver.waitFor(1);
    const expected = `sha256=${createHmac('sha256', 'fr0m-a-file')
      .update(post?.body ?? '')
      .digest('hex')}`;
    expect(post?.headers['x-simian-signature']).toBe(expected);
    delete process.env.ALERT_TEST_WEBHOOK_URL;
  });

  it('a missing secret variable fails that channel at once (no retries) and says which variable', async () => {
    const { gateway } = testGateway(redis, { webhooks: [{ urlEnv: 'ALERT_TEST_UNSET_VARIABLE' }] });
    expect((await gateway.send(PYCON)).outcomes[0]).toEqual({
      channel: 'webhook-1',
      status: 'failed',
      attempts: 1,
      reason: 'webhook webhook-1 URL: environment variable ALERT_TEST_UNSET_VARIABLE is not set',
    });
  });
});
