import { DescribeInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { createLogger } from '../../core/log.js';
import { reconcileReverts } from '../../core/queue/revert-jobs.js';
import { startFleetWorker } from '../../core/queue/worker.js';
import { pipelineRunner, registryRevertSource } from '../../core/run/pipeline.js';
import { loadAlwaysOpenConfig } from '../queue/support/always-open-config.js';
import { pipelineFixture } from '../queue/support/pipeline-fixture.js';
import { MOTO_ACCOUNT } from '../support/env.js';
import { seedDefaultFleet, seededGroup } from '../support/fleet.js';
import { waitFor } from '../support/wait-for.js';

describe('the fleet on the real pipeline (moto, Redis)', () => {
  const fleet = pipelineFixture('pipeline', {
    seed: (clients) => seedDefaultFleet(clients, { loose: undefined, volumes: undefined, snapshots: 0 }),
    load: (prefix) => loadAlwaysOpenConfig(prefix, { id: 'chaos-daily', params: { meanTimeBetweenKillsDays: 1 } }),
  });

  it('plans a kill for each group opted in to chaos (tags, canaries and opt-outs respected), and a kill job runs it', async () => {
    // Noon of today (UTC): the plan never depends on how much of the real day is left when the test runs.
    const noon = new Date(`${new Date().toISOString().slice(0, 10)}T12:00:00Z`);
    const plan = await fleet.planDay(() => noon);
    // web-prod has simian:all=enabled; the canary needs a rule naming it; db-prod is opted out; batch-dev untagged.
    expect(plan.map((kill) => kill.group)).toEqual(['web-prod']);

    const [kill] = plan;
    const runner = pipelineRunner(fleet.parts(), registryRevertSource(fleet.parts()));
    const report = await runner({
      scheduleId: kill?.scheduleId as string,
      monkey: 'chaos',
      group: kill?.group,
      account: kill?.account,
      region: kill?.region,
      jobId: kill?.id as string,
      attempt: 1,
    });
    // Not armed: the kill is planned and reported, nothing is terminated.
    expect(report.dryRun).toBe(true);
    expect(report.actions).toHaveLength(1);
    expect(report.actions[0]).toMatchObject({ kind: 'terminate-instance', group: 'web-prod', status: 'planned' });
  });

  it('a revert registered by the actuator and overdue is reconciled into a job and applied in AWS by a worker', async () => {
    const instance = seededGroup(fleet.seeded, 'batch-dev').instanceIds[0] as string;
    const ec2 = fleet.clients.ec2({ region: 'us-east-1' });
    await ec2.send(new StopInstancesCommand({ InstanceIds: [instance] }));
    const registry = new RevertRegistry(fleet.redis, { prefix: fleet.prefix });
    const id = await registry.register(
      { kind: 'start-instance', resource: instance, account: MOTO_ACCOUNT, region: 'us-east-1', params: {} },
      new Date(Date.now() - 1000),
      { runId: 'stop-run', monkey: 'chaos', appliedKind: 'stop-instance', group: 'batch-dev', zone: null },
    );
    const reverts = registryRevertSource(fleet.parts());
    const worker = startFleetWorker({
      config: fleet.config.global,
      connection: fleet.redis,
      logger: createLogger({ pretty: false, level: 'silent' }),
      events: new MemoryEventSink(),
      run: async () => {
        throw new Error('no monkey job expected');
      },
      reverts,
      dailyPlan: {} as never,
    });
    try {
      expect(await reconcileReverts(fleet.queue, reverts, new Date())).toBe(1);
      await waitFor(async () => (await registry.get(id))?.status === 'done', `revert ${id} to be done`, {
        timeoutMs: 20_000,
      });
      expect((await registry.get(id))?.status).toBe('done');
      const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instance] }));
      expect(described.Reservations?.[0]?.Instances?.[0]?.State?.Name).toMatch(/^(pending|running)$/);
    } finally {
      await worker.close(2000);
    }
  });
});
