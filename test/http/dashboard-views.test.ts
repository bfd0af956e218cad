import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import { AwsClients } from '../../core/aws/clients.js';
import type { ChronosAnswer } from '../../core/events/chronos-query.js';
import type { ContextView } from '../../core/http/dashboard/context-view.js';
import type { FindingsView } from '../../core/http/dashboard/findings-view.js';
import type { FleetView } from '../../core/http/dashboard/fleet-view.js';
import { registerDashboard } from '../../core/http/dashboard/index.js';
import type { KillSwitchView } from '../../core/http/dashboard/killswitch-view.js';
import { registerPage } from '../../core/http/dashboard/page.js';
import type { RevertsView } from '../../core/http/dashboard/reverts-view.js';
import type { TodayView } from '../../core/http/dashboard/today-view.js';
import { FleetMetrics } from '../../core/http/metrics.js';
import { revertRunner } from '../../core/http/revert-runner.js';
import { buildHttpApp, httpDeps } from '../../core/http/server.js';
import { freePort } from '../../core/sandbox/peers.js';
import {
  ALARM_FIRING,
  ALARM_MISSING,
  ALARM_QUIET,
  type DashboardSandbox,
  logger,
  REGION,
  seedDashboardSandbox,
  TOKEN,
  UNEVEN,
} from './dashboard-fixture.js';

let sandbox: DashboardSandbox;
let app: FastifyInstance;

beforeAll(async () => {
  sandbox = await seedDashboardSandbox();
  // The whole service, as `simian serve` builds it: the page's actions are the service's own routes.
  const registry = new RevertRegistry(sandbox.redis, { prefix: sandbox.prefix });
  app = await buildHttpApp(
    httpDeps({
      host: '127.0.0.1',
      port: 0,
      config: () => sandbox.config,
      redis: sandbox.redis,
      metrics: new FleetMetrics(),
      logger,
      reverts: revertRunner({ ...sandbox.deps, logger, registry }),
      dashboard: sandbox.deps,
    }),
  );
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await sandbox?.close();
});

async function view<T>(url: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as T;
}

describe('dashboard views', () => {
  it('today: the stored plan with each run still to come, and what each monkey did, dry run and armed apart', async () => {
    const today = await view<TodayView>('/api/v1/dashboard/today');
    expect(today.planned).toBe(true);
    expect(today.runs.map((run) => [run.group, run.state])).toEqual([
      ['web-prod', 'delayed'],
      ['api-prod', 'delayed'],
    ]);
    const byMonkey = new Map(today.monkeys.map((day) => [day.monkey, day]));
    expect(byMonkey.get('chaos')).toMatchObject({ planned: 1, actions: 1, dryRun: 1, armed: 0 });
    expect(byMonkey.get('gorilla')).toMatchObject({ planned: 1, actions: 1, dryRun: 0, armed: 1, skips: 1 });
    expect(today.recent[0]?.kind).toBe('mark-for-janitor');
    // The kill switch and alerts belong to no monkey: no card of their own.
    expect(today.monkeys.map((day) => day.monkey)).toEqual(['chaos', 'conformity', 'gorilla', 'janitor', 'security']);
    expect(today.schedules.map((entry) => [entry.id, entry.monkey, entry.cron, entry.armed])).toEqual([
      ['chaos-weekdays', 'chaos', '0 9 * * 1-5', false],
      ['gorilla-tuesdays', 'gorilla', '0 10 * * 2', true],
      ['conformity-often', 'conformity', null, false],
    ]);
    expect(today.schedulers.find((scheduler) => scheduler.id === 'gorilla-tuesdays')?.next).toMatch(/^\d{4}-/);
    expect(today.armed).toBe(false);
  });

  it("context: the calendar's time zone, and which monkeys only report", async () => {
    const context = await view<ContextView>('/api/v1/dashboard/context');
    expect(context.timezone).toBe(sandbox.config.global.calendar.timezone);
    expect(context.kinds).toMatchObject({ chaos: 'fault', janitor: 'janitor', conformity: 'report', howler: 'report' });
  });

  it('fleet: every group with its instances per zone and its opt-in per monkey, read once per cache period', async () => {
    const fleet = await view<FleetView>('/api/v1/dashboard/fleet');
    const region = fleet.regions.find((candidate) => candidate.region === REGION);
    const groups = new Map(region?.groups.map((group) => [group.name, group]));
    expect(groups.get('web-prod')?.instancesPerZone).toEqual({ 'us-east-1a': 1, 'us-east-1b': 1, 'us-east-1c': 1 });
    expect(groups.get('batch-dev')?.instancesPerZone).toEqual({ 'us-east-1a': 1, 'us-east-1b': 1 });
    expect(groups.get('queue-prod')?.instancesPerZone).toEqual(UNEVEN);
    expect(groups.get('api-prod')?.optIn.gorilla?.eligible).toBe(true);
    expect(groups.get('api-prod')?.optIn.chaos?.eligible).toBe(false);
    expect(groups.get('db-prod')?.optIn.gorilla?.reason).toMatch(/opted out/);
    const again = await view<FleetView>('/api/v1/dashboard/fleet');
    expect(again.takenAt).toBe(fleet.takenAt);
  });

  it('findings: the latest of each, counted by severity and owner; the Janitor mark with its dates', async () => {
    const findings = await view<FindingsView>('/api/v1/dashboard/findings');
    expect(findings.findings.map((finding) => [finding.severity, finding.rule])).toEqual([
      ['critical', 'cert-expiring'],
      ['warning', 'required-tags'],
    ]);
    expect(findings.bySeverity).toEqual({ info: 0, warning: 1, critical: 1 });
    expect(findings.byOwner[0]).toEqual({
      owner: 'team-web@example.com',
      counts: { info: 0, warning: 0, critical: 1 },
    });
    expect(findings.janitor).toHaveLength(1);
    expect(findings.janitor[0]).toMatchObject({
      resource: sandbox.fleet.volumes.detached[0],
      rule: 'old-detached-volume',
      owner: 'ops@example.com',
    });
    expect(Date.parse(findings.janitor[0]?.deleteAfter ?? '')).toBeGreaterThan(Date.now());
  });

  it('reverts: the pending revert with its deadline; each stop condition as CloudWatch reports it', async () => {
    const reverts = await view<RevertsView>('/api/v1/dashboard/reverts');
    expect(reverts.reverts.map((revert) => [revert.id, revert.status, revert.meta.appliedKind])).toEqual([
      [sandbox.revertId, 'pending', 'stop-instance'],
    ]);
    expect(Object.fromEntries(reverts.stopConditions.map((alarm) => [alarm.name, alarm.state]))).toEqual({
      [ALARM_QUIET]: 'ok',
      [ALARM_FIRING]: 'firing',
      [ALARM_MISSING]: 'missing',
    });
    expect(reverts.stopConditionError).toBeNull();
  });

  it('killswitch: never set, then on with who, when and why after a POST with the token (none without it)', async () => {
    expect(await view<KillSwitchView>('/api/v1/dashboard/killswitch')).toMatchObject({ on: false, at: null });
    const body = { state: 'on', reason: 'game day over', who: 'ana' };
    const refused = await app.inject({ method: 'POST', url: '/api/v1/killswitch', payload: body });
    expect(refused.statusCode).toBe(401);
    expect((await view<KillSwitchView>('/api/v1/dashboard/killswitch')).on).toBe(false);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/killswitch',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: { state: 'on' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/reason/);
    const set = await app.inject({
      method: 'POST',
      url: '/api/v1/killswitch',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: body,
    });
    expect(set.statusCode).toBe(200);
    const state = await view<KillSwitchView>('/api/v1/dashboard/killswitch');
    expect(state).toMatchObject({ on: true, who: 'ana', why: 'game day over' });
    expect(state.history[0]?.type).toBe('KillSwitch');
    expect(JSON.parse((await sandbox.redis.get(`${sandbox.prefix}:killswitch`)) ?? '{}').on).toBe(true);
  });

  it('the timeline answers Chronos queries (GET /api/v1/event)', async () => {
    const answer = await view<ChronosAnswer>('/api/v1/event?timelines=monkey:gorilla');
    expect(answer.events.map((event) => event.type)).toEqual(['Plan', 'Action', 'Skip']);
  });

  it('revert now: refused without the token, 404 for an unknown id, else applied (the instance runs again)', async () => {
    const url = `/api/v1/reverts/${sandbox.revertId}/run`;
    expect((await app.inject({ method: 'POST', url })).statusCode).toBe(401);
    const unknown = await app.inject({
      method: 'POST',
      url: `/api/v1/reverts/rv-${'0'.repeat(24)}/run`,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(unknown.statusCode).toBe(404);
    const applied = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().status).toBe('done');
    const described = await sandbox.clients
      .ec2({ region: REGION })
      .send(new DescribeInstancesCommand({ InstanceIds: [sandbox.stoppedInstance] }));
    expect(described.Reservations?.[0]?.Instances?.[0]?.State?.Name).toMatch(/pending|running/);
    expect((await view<RevertsView>('/api/v1/dashboard/reverts')).reverts).toEqual([]);
  });
});

describe('dashboard views when AWS cannot be read', () => {
  it('fleet answers 502 with the reason; stop conditions say unknown, with the reason', async () => {
    const dead = new AwsClients({ endpointUrl: `http://127.0.0.1:${await freePort()}`, maxAttempts: 1 });
    const lonely = Fastify();
    registerDashboard(lonely, {
      config: () => sandbox.config,
      redis: sandbox.redis,
      logger,
      dashboard: { ...sandbox.deps, clients: dead },
    });
    try {
      const fleet = await lonely.inject({ method: 'GET', url: '/api/v1/dashboard/fleet' });
      expect(fleet.statusCode).toBe(502);
      expect(fleet.json().error).toMatch(/^the fleet could not be read: .*ECONNREFUSED/);
      const reverts = (await lonely.inject({ method: 'GET', url: '/api/v1/dashboard/reverts' })).json() as RevertsView;
      expect(new Set(reverts.stopConditions.map((alarm) => alarm.state))).toEqual(new Set(['unknown']));
      expect(reverts.stopConditionError).toMatch(/ECONNREFUSED/);
    } finally {
      await lonely.close();
      dead.destroy();
    }
  });
});

describe('dashboard page', () => {
  it('serves the built page with a strict CSP, and says how to build it when it is missing', async () => {
    const built = mkdtempSync(join(tmpdir(), 'simian-dashboard-'));
    writeFileSync(join(built, 'index.html'), '<!doctype html><script type="module" src="/dashboard/app.js"></script>');
    writeFileSync(join(built, 'app.js'), 'export {};');
    const page = Fastify();
    registerPage(page, built);
    const html = await page.inject({ method: 'GET', url: '/' });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(html.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
    expect((await page.inject({ method: 'GET', url: '/dashboard/app.js' })).headers['content-type']).toMatch(
      /javascript/,
    );
    const missing = await page.inject({ method: 'GET', url: '/dashboard/app.css' });
    expect(missing.statusCode).toBe(503);
    expect(missing.body).toMatch(/npm run build/);
    await page.close();
  });
});
