import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportCertificateCommand } from '@aws-sdk/client-acm';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { fixedClock } from '../../core/clock.js';
import { loadConfig } from '../../core/config/load.js';
import type { MemoryEventSink } from '../../core/events/event.js';
import type { Alert } from '../../core/notify/alert.js';
import { JOB_NAMES } from '../../core/queue/jobs.js';
import { runFleetJob } from '../../core/queue/run-job.js';
import { desiredSchedulers } from '../../core/queue/schedulers.js';
import { pipelineRunner, registryRevertSource } from '../../core/run/pipeline.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { monkeyCatalog } from '../../monkeys/index.js';
import { pipelineFixture } from '../queue/support/pipeline-fixture.js';
import { MOTO_ACCOUNT, redisUrl } from '../support/env.js';
import { rsaKey, selfSigned } from './security-certificates.js';

/** Sunday 29 November 2026, 06:00 UTC: outside the weekday calendar below, when the example schedules fire. */
const SUNDAY_6AM = '2026-11-29T06:00:00Z';

/** The shipped schedules/conformity.yaml and security.yaml, a weekday-only calendar, and a chaos entry to compare. */
function loadShippedSchedules(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), 'simian-report-schedules-'));
  mkdirSync(join(dir, 'schedules'));
  writeFileSync(
    join(dir, 'simian.yaml'),
    stringify({
      redis: { url: redisUrl(), prefix },
      accounts: [{ id: MOTO_ACCOUNT }],
      calendar: { timezone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '15:00' },
    }),
  );
  for (const file of ['conformity.yaml', 'security.yaml']) {
    copyFileSync(join('schedules', file), join(dir, 'schedules', file));
  }
  writeFileSync(
    join(dir, 'schedules', 'chaos.yaml'),
    stringify({ schedules: [{ id: 'chaos-sunday', monkey: 'chaos', cron: '0 6 * * 0' }] }),
  );
  return loadConfig({ configPath: join(dir, 'simian.yaml'), env: {}, monkeys: monkeyCatalog });
}

describe('scheduled report runs ignore the calendar (the fleet path: pipeline runner, as a worker runs a job)', () => {
  const fleet = pipelineFixture('report-schedules', {
    seed: async (clients) => {
      const seeded = await seedFleet(clients, {
        region: 'us-east-1',
        zones: ['us-east-1a'],
        groups: [{ name: 'web-prod', tags: { owner: 'web@example.com' }, instancesPerZone: 1 }],
        snapshots: 0,
      });
      const key = rsaKey(2048);
      const encode = (text: string) => new TextEncoder().encode(text);
      await clients.acm({ region: 'us-east-1' }).send(
        new ImportCertificateCommand({
          Certificate: encode(selfSigned({ domain: 'www.example.com', expiresInDays: 10, key })),
          PrivateKey: encode(key.privateKeyPem),
          Tags: [{ Key: 'owner', Value: 'web@example.com' }],
        }),
      );
      return seeded;
    },
    load: loadShippedSchedules,
  });

  it('the shipped entries are daily cron jobs of their own, not part of the daily plan', () => {
    const schedulers = desiredSchedulers(fleet.config.schedules, fleet.config.global, fleet.parts().monkeys);
    for (const id of ['conformity-daily', 'security-daily']) {
      expect(schedulers.find((scheduler) => scheduler.id === id)).toMatchObject({
        name: JOB_NAMES.monkey,
        repeat: { pattern: '0 6 * * *' },
      });
    }
  });

  it('at 06:00 on a Sunday conformity and security report, and each owner gets one digest; chaos is refused', async () => {
    const alerts: Alert[] = [];
    // The digests go through notify; each finding's own incident (send/resolve) is answered as delivered.
    const report = (action: 'trigger' | 'resolve', incidentKey: string) => ({ action, incidentKey, outcomes: [] });
    const gateway = {
      notify: (a: Alert) => alerts.push(a),
      send: async (a: Alert) => report('trigger', a.incidentKey),
      escalate: async (a: Alert) => report('trigger', a.incidentKey),
      resolve: async (key: string) => report('resolve', key),
    };
    const parts = { ...fleet.parts(), clock: fixedClock(SUNDAY_6AM), alerts: gateway };
    const runner = pipelineRunner(parts, registryRevertSource(parts));
    const job = (scheduleId: string, monkey: string) =>
      runFleetJob(runner, { scheduleId, monkey, jobId: `${scheduleId}-sunday`, attempt: 1 });

    const conformity = await job('conformity-daily', 'conformity');
    expect(conformity.refused).toBeUndefined();
    expect(conformity.findings).toContainEqual(
      expect.objectContaining({ rule: 'asg-single-zone', resource: 'web-prod', owner: 'web@example.com' }),
    );
    const security = await job('security-daily', 'security');
    expect(security.refused).toBeUndefined();
    expect(security.findings).toContainEqual(
      expect.objectContaining({ rule: 'cert-expiring', severity: 'critical', owner: 'web@example.com' }),
    );

    // One digest per owner and run, at the run's worst severity.
    const digests = alerts.filter((alert) => alert.incidentKey.startsWith('digest:'));
    expect(digests.map((alert) => [alert.incidentKey, alert.severity])).toEqual([
      ['digest:conformity:conformity-daily-sunday:web@example.com', 'warning'],
      ['digest:security:security-daily-sunday:web@example.com', 'critical'],
    ]);
    // Every finding is in the timeline.
    const events = (parts.events as MemoryEventSink).events.filter((event) => event.type === 'Finding');
    expect(events.length).toBe((conformity.findings?.length ?? 0) + (security.findings?.length ?? 0));

    // The same hour is closed to a fault monkey: the calendar is in force, reports just do not ask it.
    await expect(job('chaos-sunday', 'chaos')).rejects.toThrow(/calendar/);
  });
});
