import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registryMonkeys } from '../../core/cli/fleet-process.js';
import { globalConfigSchema, type ScheduleEntry, scheduleEntrySchema } from '../../core/config/schema.js';
import { createLogger } from '../../core/log.js';
import { JOB_NAMES } from '../../core/queue/jobs.js';
import { readPlan } from '../../core/queue/plan-store.js';
import { formatScheduleView, readScheduleView } from '../../core/queue/schedule-view.js';
import { DAILY_PLAN_SCHEDULER, desiredSchedulers } from '../../core/queue/schedulers.js';
import type { Monkey } from '../../core/run/monkey.js';
import { pipelineRunner, registryRevertSource } from '../../core/run/pipeline.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { registerMonkey } from '../../monkeys/index.js';
import { ZONES } from '../support/fleet.js';
import { loadAlwaysOpenConfig } from './support/always-open-config.js';
import { pipelineFixture } from './support/pipeline-fixture.js';

const drillParams = z.strictObject({
  group: z.string().min(1).optional(),
  timesPerDay: z.number().int().min(0).default(1),
});

/**
 * A fault monkey for this test only that plans its day the way Chaos does: `timesPerDay` runs in every group opted
 * in to it, each aimed at its group. Its plan acts on nothing; it reports the group it was aimed at.
 */
const drillTestMonkey: Monkey<z.infer<typeof drillParams>> = {
  name: 'drill-test',
  kind: 'fault',
  description: 'Test fault monkey that plans its day',
  params: drillParams,
  plan: ({ snapshot, params }) => ({
    monkey: 'drill-test',
    target: { region: snapshot.region, ...(params.group ? { group: params.group } : {}) },
    actions: [],
    skipped: [],
  }),
  daily: {
    count: (params) => {
      const parsed = drillParams.safeParse(params);
      return parsed.success ? parsed.data.timesPerDay : 0;
    },
    aim: (group) => ({ group }),
  },
};
registerMonkey(drillTestMonkey);

const DAY = '2026-03-02';

describe('a test-only monkey with a daily hook is planned like Chaos (real pipeline, moto, Redis)', () => {
  const fleet = pipelineFixture('daily-hook', {
    seed: (clients) =>
      seedFleet(clients, {
        region: 'us-east-1',
        zones: ZONES,
        groups: [
          { name: 'web-prod', tags: { 'simian:drill-test': 'enabled' }, instancesPerZone: 1, zones: [ZONES[0]] },
          { name: 'api-prod', tags: { 'simian:chaos': 'enabled' }, instancesPerZone: 1, zones: [ZONES[0]] },
          { name: 'db-prod', tags: { 'simian:all': 'enabled' }, instancesPerZone: 1, zones: [ZONES[0]] },
          { name: 'batch-prod', tags: {}, instancesPerZone: 1, zones: [ZONES[0]] },
        ],
      }),
    load: (prefix) =>
      loadAlwaysOpenConfig(prefix, { id: 'chaos-daily', params: { meanTimeBetweenKillsDays: 1 } }, [
        { id: 'drill-daily', monkey: 'drill-test', params: { timesPerDay: 2 } },
      ]),
  });

  it('plans its runs beside the chaos kills, in the groups opted in to it, with ids <monkey>-<group>-<day>-<slot>', async () => {
    const plan = await fleet.planDay(() => new Date(`${DAY}T00:00:00Z`), DAY);
    // web-prod opts in to drill-test only, api-prod to chaos only, db-prod to all; batch-prod to nothing.
    expect(plan.map((run) => run.id).sort()).toEqual([
      'chaos-api-prod-20260302-0',
      'chaos-db-prod-20260302-0',
      'drill-test-db-prod-20260302-0',
      'drill-test-db-prod-20260302-1',
      'drill-test-web-prod-20260302-0',
      'drill-test-web-prod-20260302-1',
    ]);
    const drill = plan.filter((run) => run.monkey === 'drill-test');
    expect(drill.every((run) => run.scheduleId === 'drill-daily' && run.day === DAY)).toBe(true);
    expect(await readPlan(fleet.redis, fleet.prefix, DAY)).toEqual(plan);

    // Each planned run is a delayed job named for what it is, carrying its monkey.
    const job = await fleet.queue.getJob('drill-test-web-prod-20260302-1');
    expect(job?.name).toBe(JOB_NAMES.plannedRun);
    expect(job?.data).toMatchObject({ monkey: 'drill-test', group: 'web-prod', scheduleId: 'drill-daily', slot: 1 });

    // `simian schedule` lists every planned run with its monkey.
    const text = formatScheduleView(await readScheduleView(fleet.redis, fleet.queue, fleet.prefix, DAY), 'UTC');
    expect(text).toContain(`Daily plan for ${DAY} (UTC):`);
    expect(text).toMatch(/drill-test\s+web-prod\s+us-east-1 .*\(drill-test-web-prod-20260302-0\)/);
    expect(text).toMatch(/chaos\s+api-prod\s+us-east-1 .*\(chaos-api-prod-20260302-0\)/);
  });

  it('a planned run is aimed at its group through the monkey’s own aim', async () => {
    const runner = pipelineRunner(fleet.parts(), registryRevertSource(fleet.parts()));
    const report = await runner({
      scheduleId: 'drill-daily',
      monkey: 'drill-test',
      group: 'web-prod',
      account: '123456789012',
      region: 'us-east-1',
      jobId: 'drill-test-web-prod-20260302-0',
      attempt: 1,
    });
    expect(report).toMatchObject({ monkey: 'drill-test', dryRun: true, target: { group: 'web-prod' } });
  });

  it('its entries alone make the daily plan scheduler; with a cron, the entry plans the day at that time', () => {
    const entry = (fields: Record<string, unknown>): ScheduleEntry => scheduleEntrySchema.parse(fields);
    const global = globalConfigSchema.parse({});
    const alone = desiredSchedulers([entry({ id: 'drill', monkey: 'drill-test' })], global, registryMonkeys);
    expect(alone.map(({ id, name }) => ({ id, name }))).toEqual([{ id: DAILY_PLAN_SCHEDULER, name: 'daily-plan' }]);
    const timed = desiredSchedulers(
      [entry({ id: 'drill-weekdays', monkey: 'drill-test', cron: '0 9 * * 1-5' })],
      global,
      registryMonkeys,
    );
    expect(timed).toMatchObject([{ id: 'drill-weekdays', name: 'daily-plan', data: {} }]);
    // A monkey without the hook keeps running on its timer.
    const gorilla = desiredSchedulers(
      [entry({ id: 'g', monkey: 'gorilla', cron: '0 10 * * 2' })],
      global,
      registryMonkeys,
    );
    expect(gorilla).toMatchObject([{ id: 'g', name: 'monkey', data: { scheduleId: 'g', monkey: 'gorilla' } }]);
  });

  it('a planned run of a monkey that does not plan its day is dropped, not retried', async () => {
    const quiet = createLogger({ pretty: false, level: 'silent' });
    const runner = pipelineRunner(
      { ...fleet.parts(), logger: quiet, monkeys: () => undefined },
      registryRevertSource(fleet.parts()),
    );
    await expect(
      runner({ scheduleId: 'drill-daily', monkey: 'drill-test', group: 'web-prod', jobId: 'x', attempt: 1 }),
    ).rejects.toThrow('monkey "drill-test" does not plan its day; the run planned for group "web-prod" is dropped');
  });
});
