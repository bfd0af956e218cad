import { afterAll, describe, expect, it } from 'vitest';
import { testRedis } from '../support/env.js';
import { type Receiver, useReceivers } from '../support/receiver.js';
import { PYCON, testGateway } from './harness.js';

const redis = testRedis();
let pagerduty: Receiver;
let slack: Receiver;

useReceivers(['/pd', '/slack'], (receivers) => {
  [pagerduty, slack] = receivers;
});
afterAll(() => {
  redis.disconnect();
});

/** Characters as the receivers count them (UTF-16 units: the stricter count). */
const length = (text: string) => text.length;
/** No half of an emoji left alone (what a cut by UTF-16 length leaves). */
const wellFormed = (text: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

interface TextObject {
  text: string;
}
interface SlackBlock {
  type: string;
  text?: TextObject;
  fields?: TextObject[];
  elements?: TextObject[];
}
interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Every published limit of PagerDuty Events API v2 a body can break; empty when it meets them all. */
function pagerdutyProblems(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const payload = (body.payload ?? {}) as Record<string, unknown>;
  if (length(String(body.dedup_key)) > 255) problems.push('dedup_key over 255');
  if (payload.summary !== undefined && length(String(payload.summary)) > 1024) problems.push('summary over 1024');
  for (const key of ['source', 'component', 'group', 'class']) {
    if (payload[key] !== undefined && length(String(payload[key])) > 255) problems.push(`${key} over 255`);
  }
  if (Buffer.byteLength(JSON.stringify(body)) > 512 * 1024) problems.push('body over 512 KB');
  for (const text of [body.dedup_key, payload.summary, payload.source]) {
    if (typeof text === 'string' && !wellFormed(text)) problems.push(`lone surrogate in ${text.slice(0, 20)}`);
  }
  return problems;
}

/** Every Block Kit limit a Slack message can break (header 150, section 3000, field 2000, 10 fields, 50 blocks). */
function slackProblems(body: SlackMessage): string[] {
  const problems: string[] = [];
  if (body.blocks.length > 50) problems.push('over 50 blocks');
  const texts: string[] = [body.text];
  for (const block of body.blocks) {
    if (block.type === 'header' && length(block.text?.text ?? '') > 150) problems.push('header over 150');
    if (block.type === 'section') {
      if (block.text && length(block.text.text) > 3000) problems.push('section text over 3000');
      if (block.fields && block.fields.length > 10) problems.push('over 10 fields');
      for (const field of block.fields ?? []) if (length(field.text) > 2000) problems.push('field over 2000');
    }
    if (block.type === 'context' && (block.elements ?? []).length > 10) problems.push('over 10 context elements');
    for (const object of [block.text, ...(block.fields ?? []), ...(block.elements ?? [])]) {
      if (object) texts.push(object.text);
    }
  }
  for (const text of texts) if (!wellFormed(text)) problems.push(`lone surrogate in ${text.slice(0, 20)}`);
  return problems;
}

function twoChannels() {
  return testGateway(redis, {
    pagerduty: { routingKey: 'R0UTINGKEY', endpointUrl: pagerduty.url },
    slack: { webhookUrl: slack.url },
  });
}

describe('payloads meet their receivers published limits', () => {
  it('a 300-character incident key: dedup_key hashed stably within 255, the same for the resolve', async () => {
    const { gateway } = twoChannels();
    const incidentKey = `conformity:required-tags:${'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc'.repeat(6)}`;
    expect(incidentKey.length).toBeGreaterThan(255);
    await gateway.send({ ...PYCON, incidentKey });
    await gateway.resolve(incidentKey);
    const [trigger, resolve] = pagerduty.received.map((post) => post.json());
    expect(pagerdutyProblems(trigger as Record<string, unknown>)).toEqual([]);
    expect(String(trigger?.dedup_key)).toMatch(/^conformity:required-tags:.+[0-9a-f]{64}$/);
    expect(resolve?.dedup_key).toBe(trigger?.dedup_key);
    expect(slackProblems(slack.received[0]?.json() as unknown as SlackMessage)).toEqual([]);
  });

  it('a 3,207-character description with an emoji on every cut: every text within its limit, no lone surrogate', async () => {
    const { gateway } = twoChannels();
    const desc = `${'a'.repeat(149)}${'🐒'.repeat(1529)}`;
    expect(desc.length).toBe(3207);
    await gateway.send({
      ...PYCON,
      desc,
      cluster: '🐒'.repeat(300),
      resource: '🐒'.repeat(300),
      details: { long: '🐒'.repeat(400_000) },
    });
    const pd = pagerduty.received[0]?.json() as Record<string, unknown>;
    const message = slack.received[0]?.json() as unknown as SlackMessage;
    expect(pagerdutyProblems(pd)).toEqual([]);
    expect(slackProblems(message)).toEqual([]);
    // Cut texts say so.
    expect(String((pd.payload as Record<string, unknown>).summary).endsWith('…')).toBe(true);
    expect(message.blocks[0]?.text?.text.endsWith('…')).toBe(true);
  });

  it('tag text from AWS cannot ping @channel/@here or disguise a link in Slack', async () => {
    const { gateway } = twoChannels();
    const tag = 'team <!channel> <!here> @channel @here <http://evil.example|aws.amazon.com> & co';
    await gateway.send({ ...PYCON, desc: `required-tags: owner is ${tag}`, owner: tag, resource: tag, details: tag });
    const message = slack.received[0]?.json() as unknown as SlackMessage;
    const all = JSON.stringify(message);
    for (const unsafe of ['<!channel>', '<!here>', '<http://evil', '@channel', '@here']) {
      expect(all).not.toContain(unsafe);
    }
    expect(all).toContain('&lt;http://evil.example|aws.amazon.com&gt; &amp; co');
  });
});
