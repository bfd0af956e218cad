import { describe, expect, it } from 'vitest';
import { loadConfig, sourceOf } from '../../core/config/load.js';
import { globalConfigSchema } from '../../core/config/schema.js';
import { routeFor } from '../../core/notify/route.js';
import { writeTree } from '../config/tree.js';

function load(yaml: string, env: NodeJS.ProcessEnv = {}) {
  return loadConfig({ cwd: writeTree({ 'simian.yaml': yaml }), env });
}

function problems(notifications: unknown): string[] {
  const result = globalConfigSchema.safeParse({ notifications });
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('notifications config', () => {
  it('keeps the earlier keys working (slack.webhookUrl, pagerduty.routingKey, sns.topicArn, webhooks url/secret)', () => {
    expect(
      problems({
        slack: { webhookUrl: 'https://hooks.slack.com/services/T/B/X' },
        pagerduty: { routingKey: 'key' },
        sns: { topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts' },
        webhooks: [{ url: 'https://example.com/hook', secret: 's' }],
      }),
    ).toEqual([]);
  });

  it('refuses a route to an unknown channel, two sources of one secret, a missing secret and a duplicate name', () => {
    expect(problems({ slack: {} })).toEqual([
      'notifications.slack.webhookUrl: give webhookUrl, webhookUrlEnv or webhookUrlFile',
    ]);
    expect(problems({ pagerduty: { routingKey: 'k', routingKeyEnv: 'PD_KEY' } })).toEqual([
      'notifications.pagerduty.routingKeyEnv: give only one of routingKey, routingKeyEnv',
    ]);
    expect(
      problems({ pagerduty: { routingKey: 'k' }, routes: [{ match: { severity: ['critical'] }, channels: ['pagr'] }] }),
    ).toEqual(['notifications.routes.0.channels.0: unknown channel "pagr" (pagerduty)']);
    expect(
      problems({ webhooks: [{ url: 'https://a.example.com' }, { name: 'webhook-1', url: 'https://b.example.com' }] }),
    ).toEqual(['notifications.webhooks.1.name: channel "webhook-1" already exists']);
    expect(problems({ routes: [{ match: { severity: ['normal'] }, channels: [] }] }).length).toBeGreaterThan(0);
    expect(problems({ dedupWindw: '1h' }).length).toBe(1);
  });

  it('routes: first matching row (monkey, severity, owner all given must match), else defaultRoute, else all', () => {
    const notifications = globalConfigSchema.parse({
      notifications: {
        pagerduty: { routingKey: 'k' },
        slack: { webhookUrl: 'https://hooks.slack.com/services/T/B/X' },
        ses: { from: 'simian@example.com' },
        routes: [
          { match: { owner: ['team-db'] }, channels: ['ses'] },
          { match: { monkey: ['janitor'], severity: ['info', 'warning'] }, channels: ['ses', 'slack'] },
          { match: { severity: ['critical'] }, channels: ['pagerduty', 'slack'] },
        ],
        defaultRoute: ['slack'],
      },
    }).notifications;
    const all = ['pagerduty', 'slack', 'ses'];
    expect(routeFor({ severity: 'critical', owner: 'team-db' }, notifications, all)).toEqual(['ses']);
    expect(routeFor({ severity: 'info', monkey: 'janitor' }, notifications, all)).toEqual(['ses', 'slack']);
    expect(routeFor({ severity: 'error', monkey: 'janitor' }, notifications, all)).toEqual(['slack']);
    expect(routeFor({ severity: 'critical', monkey: 'chaos' }, notifications, all)).toEqual(['pagerduty', 'slack']);
    expect(routeFor({ severity: 'info' }, { routes: [], defaultRoute: undefined }, all)).toEqual(all);
  });

  it('/status shows where a secret comes from at most, never the secret', () => {
    const config = load(
      [
        'notifications:',
        '  slack:',
        '    webhookUrl: https://hooks.slack.com/services/T000/B000/XXXX',
        '  pagerduty:',
        '    routingKeyFile: /run/secrets/pd',
        '  webhooks:',
        '    - url: https://example.com/hooks/S3CR3TPATH',
        '      secretEnv: OPS_HOOK_SECRET',
        '',
      ].join('\n'),
      { SIMIAN_NOTIFICATIONS_PAGERDUTY_ENDPOINT_URL: 'https://pd-proxy.example.com/v2/enqueue?token=PR0XYT0KEN' },
    );
    const shown = JSON.stringify(config.sources);
    for (const secret of ['T000/B000', 'S3CR3TPATH', 'PR0XYT0KEN']) expect(shown).not.toContain(secret);
    expect(sourceOf(config, 'notifications.pagerduty.endpointUrl')?.value).toBe('[redacted]');
    expect(sourceOf(config, 'notifications.webhooks.0.secretEnv')?.value).toBe('[redacted]');
    expect(sourceOf(config, 'notifications.slack.webhookUrl')?.value).toBe('https://hooks.slack.com/***');
  });
});
