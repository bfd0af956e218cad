import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpaced } from '../../core/actuator/pacer.js';
import { CallCounter, isThrottle } from '../../core/aws/call-counter.js';
import { registryMonkeys, registryRun } from '../../core/cli/fleet-process.js';
import { systemClock } from '../../core/clock.js';
import { globalConfigSchema } from '../../core/config/schema.js';
import { FleetMetrics } from '../../core/http/metrics.js';
import { alertGatewayFromConfig } from '../../core/notify/from-config.js';
import { type PipelineParts, pipelineRunner, registryRevertSource } from '../../core/run/pipeline.js';
import { testGateway } from '../notify/harness.js';
import { MOTO_ACCOUNT, testClients } from '../support/env.js';
import { seedDefaultFleet } from '../support/fleet.js';
import { type Receiver, startReceiver } from '../support/receiver.js';
import { CHAOS_SCHEDULE, logger, type Service, startService } from './harness.js';

/** One sample line: name, labels, value (the exposition format, strictly). */
const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/;
const HELP = /^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/;
const TYPE = /^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped)$/;

/** Parses Prometheus text into "name{labels}" → value; a line of any other form fails the test. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || HELP.test(line) || TYPE.test(line)) continue;
    const match = SAMPLE.exec(line);
    expect(match, `not a Prometheus line: ${line}`).not.toBeNull();
    samples.set(`${match?.[1]}${match?.[2] ?? ''}`, Number(match?.[3]));
  }
  return samples;
}

/** promtool's own check of the exposition format (Debian's prometheus package; scripts/ensure-peers.sh). */
async function expectPromtoolClean(text: string): Promise<void> {
  const checked = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  expect(checked.error, 'promtool is not installed: run scripts/ensure-peers.sh').toBeUndefined();
  expect(`${checked.stdout}${checked.stderr}`.trim()).toBe('');
  expect(checked.status).toBe(0);
}

describe('GET /metrics', () => {
  const clients = testClients();
  let service: Service;
  let webhook: Receiver;
  let metrics: FleetMetrics;
  let parts: PipelineParts;

  beforeAll(async () => {
    await seedDefaultFleet(clients);
    webhook = await startReceiver();
    // Every day, all day: the run is not refused by the calendar whenever the test runs.
    const yaml =
      'accounts:\n  - id: "123456789012"\n' +
      'calendar:\n  timezone: UTC\n  days: [mon, tue, wed, thu, fri, sat, sun]\n  start: "00:00"\n  end: "23:59"\n';
    service = await startService({ yaml, schedules: CHAOS_SCHEDULE });
    metrics = new FleetMetrics({ queue: service.queue, redis: service.redis, calls: clients.counter });
    parts = {
      config: () => service.config,
      clients,
      redis: service.redis,
      queue: service.queue,
      events: service.timeline,
      logger,
      clock: systemClock,
      pacer: unpaced,
      account: async () => ({ id: MOTO_ACCOUNT }),
      monkeys: registryMonkeys,
      runDeclared: registryRun,
    };
  });
  afterAll(async () => {
    await service.close();
    await webhook.close();
  });

  const scrape = async (of = metrics) => parsePrometheus(await of.text());

  it('is strict Prometheus text, served with its content type', async () => {
    const response = await service.send('GET', '/metrics', undefined, null);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parsePrometheus(await response.text());
    expect(samples.get('simian_killswitch_on')).toBe(0);
    expect(samples.get('simian_queue_jobs{state="waiting"}')).toBe(0);
  });

  it('counts runs, skips, durations and AWS calls after a monkey run through the pipeline', async () => {
    const before = await scrape();
    expect(before.get('simian_runs_total{monkey="chaos",outcome="dry-run"}')).toBeUndefined();
    const run = metrics.wrap(pipelineRunner(parts, registryRevertSource(parts)));
    const report = await run({ scheduleId: 'chaos-web', monkey: 'chaos', jobId: 'metrics-run', attempt: 1 });
    expect(report.refused).toBeUndefined();
    const after = await scrape();
    expect(after.get('simian_runs_total{monkey="chaos",outcome="dry-run"}')).toBe(1);
    expect(after.get('simian_job_duration_seconds_count{monkey="chaos",outcome="dry-run"}')).toBe(1);
    for (const action of report.actions) {
      expect(after.get(`simian_actions_total{kind="${action.kind}",status="${action.status}"}`)).toBeGreaterThan(0);
    }
    const guards = new Set(report.skipped.map((skip) => skip.guard));
    expect(guards.size).toBeGreaterThan(0);
    for (const guard of guards) expect(after.get(`simian_skips_total{guard="${guard}"}`)).toBeGreaterThan(0);
    const described = after.get('simian_aws_calls_total{service="AutoScaling",operation="DescribeAutoScalingGroups"}');
    expect(described).toBeGreaterThan(0);
  });

  it('counts findings by rule and severity, and alert deliveries and failures by channel', async () => {
    await metrics.observe({
      monkey: 'security',
      dryRun: true,
      target: {},
      actions: [],
      skipped: [],
      findings: [
        {
          rule: 'cert-expiring',
          resource: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
          resourceType: 'acm-certificate',
          severity: 'critical',
          reason: 'expires in 9 days',
          owner: null,
          account: MOTO_ACCOUNT,
          region: 'us-east-1',
          details: {},
        },
      ],
      summary: { planned: 0, done: 0, failed: 0, skipped: 0, findings: 1 },
    });
    webhook.answer([], 500);
    const counted = new FleetMetrics();
    const { timeline } = testGateway(service.redis, {});
    // The gateway records through the counting sink, as the fleet process wires it.
    const gateway = alertGatewayFromConfig({
      config: globalConfigSchema.parse({
        notifications: {
          retry: { backoff: 1, maxBackoff: 5, timeout: '2s' },
          webhooks: [{ name: 'ops', url: webhook.url }],
        },
      }),
      clients,
      redis: service.redis,
      events: counted.counting(timeline),
      logger,
    });
    await gateway.send({ cluster: 'pycon', severity: 'critical', desc: 'down', incidentKey: 'PyconAlert' });
    const samples = await scrape(counted);
    expect(samples.get('simian_alert_deliveries_total{channel="ops",status="failed"}')).toBe(1);
    expect(samples.get('simian_alert_failures_total{channel="ops"}')).toBe(1);
    expect((await scrape()).get('simian_findings_total{rule="cert-expiring",severity="critical"}')).toBe(1);
  });

  it("shows at the service's /metrics what separate worker processes counted (runs, actions, findings, alerts, AWS calls)", async () => {
    // Two workers and the service, as docker-compose lays them out: one Redis, no shared memory.
    const calls = [new CallCounter(), new CallCounter()];
    const workers = calls.map(
      (counter) => new FleetMetrics({ redis: service.redis, prefix: service.prefix, calls: counter }),
    );
    const run = (worker: FleetMetrics, counter: CallCounter) =>
      worker.wrap(async () => {
        counter.record('EC2', 'DescribeInstances');
        return {
          monkey: 'gorilla',
          dryRun: false,
          target: {},
          actions: [
            {
              kind: 'terminate-instance',
              resource: 'i-1',
              group: 'web',
              region: 'us-east-1',
              zone: 'us-east-1a',
              status: 'done' as const,
              reason: null,
              revertAt: null,
            },
          ],
          skipped: [{ resource: 'i-2', group: 'db', guard: 'opt-in', reason: 'no tag' }],
          findings: [],
          summary: { planned: 0, done: 1, failed: 0, skipped: 1 },
        };
      })({ scheduleId: 'gorilla-web', monkey: 'gorilla', jobId: 'fleet-run', attempt: 1 });
    await run(workers[0] as FleetMetrics, calls[0] as CallCounter);
    await run(workers[1] as FleetMetrics, calls[1] as CallCounter);
    await (workers[1] as FleetMetrics).counting({ record: async () => undefined }).record({
      type: 'Alert',
      desc: 'down',
      monkey: null,
      dryRun: false,
      resource: null,
      group: null,
      region: null,
      zone: null,
      account: null,
      outcomes: [{ channel: 'pager', status: 'failed' }],
    });
    const response = await service.send('GET', '/metrics', undefined, null);
    const text = await response.text();
    const samples = parsePrometheus(text);
    expect(samples.get('simian_runs_total{monkey="gorilla",outcome="done"}')).toBe(2);
    expect(samples.get('simian_actions_total{kind="terminate-instance",status="done"}')).toBe(2);
    expect(samples.get('simian_skips_total{guard="opt-in"}')).toBe(2);
    expect(samples.get('simian_job_duration_seconds_count{monkey="gorilla",outcome="done"}')).toBe(2);
    expect(samples.get('simian_job_duration_seconds_bucket{monkey="gorilla",outcome="done",le="+Inf"}')).toBe(2);
    expect(samples.get('simian_alert_failures_total{channel="pager"}')).toBe(1);
    expect(samples.get('simian_aws_calls_total{service="EC2",operation="DescribeInstances"}')).toBe(2);
    // A worker's second scrape adds nothing it already added.
    await (workers[0] as FleetMetrics).text();
    const again = parsePrometheus(await (await service.send('GET', '/metrics', undefined, null)).text());
    expect(again.get('simian_aws_calls_total{service="EC2",operation="DescribeInstances"}')).toBe(2);
    await expectPromtoolClean(text);
  });

  it('reports throttled AWS calls by operation (moto never throttles: the counter is fed as the client middleware does)', async () => {
    const calls = new CallCounter();
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded' });
    for (const error of [throttled, { name: 'Other', $metadata: { httpStatusCode: 429 } }, new Error('boom')]) {
      calls.record('EC2', 'TerminateInstances');
      if (isThrottle(error)) calls.recordThrottle('EC2', 'TerminateInstances');
    }
    const samples = await scrape(new FleetMetrics({ calls }));
    expect(samples.get('simian_aws_calls_total{service="EC2",operation="TerminateInstances"}')).toBe(3);
    expect(samples.get('simian_aws_throttles_total{service="EC2",operation="TerminateInstances"}')).toBe(2);
  });
});
