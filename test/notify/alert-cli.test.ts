import { createHmac } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisTimeline } from '../../core/events/timeline.js';
import { simian } from '../support/cli.js';
import { writeConfigFile } from '../support/config-file.js';
import { redisUrl, uniquePrefix } from '../support/env.js';
import { type Receiver, useReceivers } from '../support/receiver.js';

let pagerduty: Receiver;
let slack: Receiver;
let webhook: Receiver;
const redis = new Redis(redisUrl());

useReceivers(['/hook', '/hook', '/hook'], (receivers) => {
  [pagerduty, slack, webhook] = receivers;
});
afterAll(() => {
  redis.disconnect();
});

function config(prefix = uniquePrefix('alert-cli')): { path: string; prefix: string } {
  const path = writeConfigFile(
    [
      'redis:',
      `  url: ${redisUrl()}`,
      `  prefix: ${prefix}`,
      'notifications:',
      '  pagerduty:',
      '    routingKeyEnv: ALERT_TEST_PD_KEY',
      `    endpointUrl: ${pagerduty.url}`,
      '  slack:',
      `    webhookUrl: ${slack.url}`,
      '  webhooks:',
      `    - name: ops`,
      `      url: ${webhook.url}`,
      '      secret: cli-s3cret',
      '  retry:',
      '    backoff: 1ms',
      '    maxBackoff: 5ms',
      '',
    ].join('\n'),
  );
  return { path, prefix };
}

const PYCON = ['--cluster', 'pycon', '--severity', 'warning', '--desc', 'Pycon rocks!', '--incident-key', 'PyconAlert'];

describe('simian alert', () => {
  it("delivers the seed's example to every configured channel exactly once; the second time is deduplicated", async () => {
    process.env.ALERT_TEST_PD_KEY = 'pd-key-from-env';
    const { path, prefix } = config();
    const first = await simian('alert', '-c', path, ...PYCON, '--details', '"PyCon is the awesomest!"');
    expect(first).toMatchObject({ code: 0, stdout: 'pagerduty: sent\nslack: sent\nops: sent\n', stderr: '' });
    const second = await simian('alert', '-c', path, ...PYCON);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(
      [
        'pagerduty: deduplicated (already delivered within the dedup window)',
        'slack: deduplicated (already delivered within the dedup window)',
        'ops: deduplicated (already delivered within the dedup window)',
        '',
      ].join('\n'),
    );
    for (const receiver of [pagerduty, slack, webhook]) expect(receiver.received).toHaveLength(1);
    expect(pagerduty.received[0]?.json()).toMatchObject({ routing_key: 'pd-key-from-env', dedup_key: 'PyconAlert' });
    const post = webhook.received[0];
    expect(post?.headers['x-simian-signature']).toBe(
      `sha256=${createHmac('sha256', 'cli-s3cret')
        .update(post?.body ?? '')
        .digest('hex')}`,
    );
    expect(post?.json()).toMatchObject({ details: 'PyCon is the awesomest!' });

    const resolved = await simian('alert', '-c', path, '--resolve', 'PyconAlert');
    expect(resolved).toMatchObject({ code: 0, stdout: 'pagerduty: sent\nslack: sent\nops: sent\n' });
    expect(pagerduty.received[1]?.json()).toMatchObject({ event_action: 'resolve', dedup_key: 'PyconAlert' });

    const events = await new RedisTimeline(redis, { prefix }).query({ type: 'Alert' });
    expect(events.map((event) => event.action)).toEqual(['trigger', 'trigger', 'resolve']);
  });

  it('a channel that finally fails: one line saying why, the others sent, exit 1, an AlertFailed event', async () => {
    process.env.ALERT_TEST_PD_KEY = 'pd-key-from-env';
    webhook.answer([], 502);
    const { path, prefix } = config();
    const outcome = await simian('alert', '-c', path, ...PYCON);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe('pagerduty: sent\nslack: sent\nops: failed after 4 attempts: HTTP 502\n');
    expect(outcome.stderr).toBe('simian: 1 of 3 channels did not get it\n');
    const [failed] = await new RedisTimeline(redis, { prefix }).query({ type: 'AlertFailed' });
    expect(failed).toMatchObject({ channel: 'ops', reason: 'HTTP 502' });
  });

  it('--json prints the report as one document', async () => {
    process.env.ALERT_TEST_PD_KEY = 'pd-key-from-env';
    const { path } = config();
    const outcome = await simian('alert', '-c', path, ...PYCON, '--json');
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout)).toEqual({
      action: 'trigger',
      incidentKey: 'PyconAlert',
      outcomes: [
        { channel: 'pagerduty', status: 'sent', attempts: 1 },
        { channel: 'slack', status: 'sent', attempts: 1 },
        { channel: 'ops', status: 'sent', attempts: 1 },
      ],
    });
  });

  it('alert test sends to each configured channel, or only the one named', async () => {
    process.env.ALERT_TEST_PD_KEY = 'pd-key-from-env';
    const { path } = config();
    expect(await simian('alert', 'test', '-c', path)).toMatchObject({
      code: 0,
      stdout: 'pagerduty: sent\nslack: sent\nops: sent\n',
    });
    expect(await simian('alert', 'test', '-c', path, '--channel', 'slack')).toMatchObject({
      code: 0,
      stdout: 'slack: sent\n',
    });
    expect(slack.received).toHaveLength(2);
    expect(pagerduty.received).toHaveLength(1);
  });

  it.each([
    [
      ['--cluster', 'pycon'],
      'simian: missing --severity, --desc, --incident-key (or give --resolve <key>, or "alert test")\n',
    ],
    [
      [...PYCON.slice(0, 2), '--severity', 'normal', ...PYCON.slice(4)],
      'simian: --severity "normal" is not one of info, warning, error, critical\n',
    ],
    [
      [...PYCON, '--details', 'not json'],
      `simian: --details is not JSON (text must be quoted: --details '"some text"')\n`,
    ],
    [['test', '--channel', 'email'], 'simian: unknown channel "email" (configured: pagerduty, slack, ops)\n'],
    [[...PYCON, '--channel', 'slack'], 'simian: --channel goes with "alert test"\n'],
  ])('bad input %j: exit 2 with one sentence, nothing sent', async (argv, stderr) => {
    const { path } = config();
    const outcome = await simian('alert', '-c', path, ...argv);
    expect(outcome).toMatchObject({ code: 2, stderr, stdout: '' });
    for (const receiver of [pagerduty, slack, webhook]) expect(receiver.received).toHaveLength(0);
  });

  it('past the rate limit: exit 1 with one sentence saying when to try again, and an AlertFailed event', async () => {
    process.env.ALERT_TEST_PD_KEY = 'pd-key-from-env';
    const prefix = uniquePrefix('alert-cli-limit');
    const path = writeConfigFile(
      [
        `redis:\n  url: ${redisUrl()}\n  prefix: ${prefix}`,
        'notifications:',
        `  webhooks:\n    - name: ops\n      url: ${webhook.url}`,
        '  rateLimit:\n    max: 1\n    per: 1m',
        '',
      ].join('\n'),
    );
    expect((await simian('alert', '-c', path, ...PYCON)).code).toBe(0);
    const refused = await simian('alert', '-c', path, ...PYCON.slice(0, 6), '--incident-key', 'Another');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^simian: ops refused it: rate limit of 1 per 1m reached; try again in \d+ s\n$/);
    expect(webhook.received).toHaveLength(1);
    const [failed] = await new RedisTimeline(redis, { prefix }).query({ type: 'AlertFailed' });
    expect(failed).toMatchObject({ channel: 'ops', incidentKey: 'Another' });
  });

  it('a webhook URL with user:password@ in the config: exit 2 naming the key and its place, never the password', async () => {
    const path = writeConfigFile(
      [
        `redis:\n  url: ${redisUrl()}`,
        'notifications:',
        '  webhooks:',
        '    - name: ops',
        '      url: https://alice:hunter2@hooks.example.com/in',
        '',
      ].join('\n'),
    );
    const outcome = await simian('alert', '-c', path, ...PYCON);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('notifications.webhooks.0.url');
    expect(outcome.stderr).toContain(`${path}:6:12`);
    expect(outcome.stderr).toMatch(/user name or password/);
    expect(outcome.stdout + outcome.stderr).not.toMatch(/hunter2|alice/);
    expect(webhook.received).toHaveLength(0);
  });

  it('a failing channel never shows its URL or password: not on the CLI, not in AlertFailed', async () => {
    const port = new URL(webhook.url).port;
    process.env.ALERT_TEST_HOOK_URL = `http://alice:hunter2@127.0.0.1:${port}/hook/T0KEN-PATH`;
    const prefix = uniquePrefix('alert-cli-leak');
    const path = writeConfigFile(
      [
        `redis:\n  url: ${redisUrl()}\n  prefix: ${prefix}`,
        'notifications:',
        '  webhooks:\n    - name: ops\n      urlEnv: ALERT_TEST_HOOK_URL',
        '',
      ].join('\n'),
    );
    const outcome = await simian('alert', '-c', path, ...PYCON);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/^ops: failed: /);
    const events = JSON.stringify(await new RedisTimeline(redis, { prefix }).query({}));
    expect(events).toContain('AlertFailed');
    for (const text of [outcome.stdout, outcome.stderr, events]) {
      for (const secret of ['hunter2', 'alice', 'T0KEN-PATH', '127.0.0.1']) expect(text).not.toContain(secret);
    }
  });

  it('no channel configured: exit 2', async () => {
    const path = writeConfigFile(`redis:\n  url: ${redisUrl()}\n`);
    expect(await simian('alert', '-c', path, ...PYCON)).toMatchObject({
      code: 2,
      stderr: 'simian: no notification channel is configured (notifications in simian.yaml)\n',
    });
  });
});
