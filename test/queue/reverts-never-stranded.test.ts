import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import { fixedClock } from '../../core/clock.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { createLogger } from '../../core/log.js';
import { revertJobHook, revertJobId } from '../../core/queue/revert-jobs.js';
import { startRevertSweep } from '../../core/queue/revert-sweep.js';
import { type FleetWorker, startFleetWorker } from '../../core/queue/worker.js';
import { pipelineRunner, registryRevertSource } from '../../core/run/pipeline.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { MOTO_ACCOUNT } from '../support/env.js';
import { seededGroup, ZONES } from '../support/fleet.js';
import { loadAlwaysOpenConfig } from './support/always-open-config.js';
import { pipelineFixture } from './support/pipeline-fixture.js';

const logger = createLogger({ pretty: false, level: 'silent' });

// One armed gorilla entry for both regions, its zone of the first: the second region fails every time.
const GORILLA_BOTH_REGIONS = {
  id: 'gorilla-both',
  monkey: 'gorilla',
  armed: true,
  every: '1m',
  params: { zone: 'us-east-1b', mode: 'exclude', duration: '1m' },
};

const fleet = pipelineFixture('stranded', {
  seed: (clients) =>
    seedFleet(clients, {
      region: 'us-east-1',
      zones: ZONES,
      groups: [
        { name: 'web-prod', tags: { 'simian:gorilla': 'enabled' }, instancesPerZone: 1 },
        { name: 'batch-dev', instancesPerZone: 1 },
      ],
      snapshots: 0,
    }),
  load: (prefix) =>
    loadAlwaysOpenConfig(prefix, { id: 'chaos-off', enabled: false }, [GORILLA_BOTH_REGIONS], {
      armed: true,
      regions: ['us-east-1', 'us-west-2'],
      caps: { maxPerRun: 100, maxPercentPerGroup: 100, minHealthy: 0, maxPerDayPerGroup: 100 },
    }),
});

async function subnetsOf(group: string): Promise<string | undefined> {
  const answer = await fleet.clients
    .autoScaling({ region: 'us-east-1' })
    .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }));
  return answer.AutoScalingGroups?.[0]?.VPCZoneIdentifier;
}

/** A worker of the fleet queue that takes revert jobs only (a monkey job would be a test error). */
function revertWorker(): FleetWorker {
  return startFleetWorker({
    config: fleet.config.global,
    connection: fleet.redis,
    logger,
    events: new MemoryEventSink(),
    run: async () => {
      throw new Error('no monkey job expected');
    },
    reverts: registryRevertSource(fleet.parts()),
    dailyPlan: {} as never,
  });
}

/** Resolves when the worker finishes the job of that id (rejects when it fails). */
function finished(worker: FleetWorker, id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.worker.on('completed', (job) => job.id === id && resolve());
    worker.worker.on('failed', (job, error) => job?.id === id && reject(error));
  });
}

describe('reverts are never stranded (moto, Redis)', () => {
  it("a job whose second region fails still fails, and its first region's revert has its delayed job, applied at the deadline", async () => {
    const original = await subnetsOf('web-prod');
    const zoneSubnet = fleet.seeded.subnetsByZone['us-east-1b'] as string;
    const run = pipelineRunner(fleet.parts());

    await expect(
      run({ scheduleId: 'gorilla-both', monkey: 'gorilla', jobId: 'gorilla-both-1', attempt: 1 }),
    ).rejects.toThrow('us-west-2: zone us-east-1b is not in region us-west-2');
    // The first region ran: its zone is out of the group.
    expect((await subnetsOf('web-prod'))?.split(',')).not.toContain(zoneSubnet);

    const registry = new RevertRegistry(fleet.redis, { prefix: fleet.prefix });
    const [revert, ...others] = await registry.pending();
    expect(others).toEqual([]);
    expect(revert?.spec).toMatchObject({ kind: 'restore-subnets', resource: 'web-prod', region: 'us-east-1' });
    const job = await fleet.queue.getJob(revertJobId(revert?.id as string));
    expect(await job?.getState()).toBe('delayed');
    expect(job?.data).toEqual({ revertId: revert?.id, dueAt: revert?.dueAt });
    expect(job?.opts.delay).toBeGreaterThan(0);
    expect(job?.opts.delay).toBeLessThanOrEqual(60_000);

    // The deadline comes (the delayed job is due): a worker takes the job and puts the subnets back.
    const worker = revertWorker();
    try {
      const done = finished(worker, job?.id as string);
      await job?.promote();
      await done;
    } finally {
      await worker.close(2000);
    }
    expect((await registry.get(revert?.id as string))?.status).toBe('done');
    expect(await subnetsOf('web-prod')).toBe(original);
  });

  it("a revert whose job was lost is applied by a worker's sweep once overdue by an interval, and only then", async () => {
    const instance = seededGroup(fleet.seeded, 'batch-dev').instanceIds[0] as string;
    const ec2 = fleet.clients.ec2({ region: 'us-east-1' });
    await ec2.send(new StopInstancesCommand({ InstanceIds: [instance] }));
    const clock = fixedClock('2026-11-24T18:00:00Z');
    // Registered as a run registers it: its delayed job is added at once.
    const registry = new RevertRegistry(fleet.redis, {
      prefix: fleet.prefix,
      onRegistered: revertJobHook(fleet.queue, () => clock.now()),
    });
    const id = await registry.register(
      { kind: 'start-instance', resource: instance, account: MOTO_ACCOUNT, region: 'us-east-1', params: {} },
      new Date(clock.now().getTime() + 60_000),
      { runId: 'lost-job-run', monkey: 'chaos', appliedKind: 'stop-instance', group: 'batch-dev', zone: null },
      clock.now(),
    );
    const job = await fleet.queue.getJob(revertJobId(id));
    expect(await job?.getState()).toBe('delayed');
    await job?.remove();

    const ticks: (() => void)[] = [];
    const sweep = startRevertSweep({
      reverts: registryRevertSource(fleet.parts()),
      now: () => clock.now(),
      everyMs: 30_000,
      logger,
      repeat: (tick) => {
        ticks.push(tick);
        return () => undefined;
      },
    });
    try {
      expect(ticks).toHaveLength(1);
      clock.advance(60_000 + 10_000);
      // Due, but its own job would have had under an interval: the sweep leaves it.
      expect(await sweep.sweepOnce()).toBe(0);
      expect((await registry.get(id))?.status).toBe('pending');
      clock.advance(30_000);
      expect(await sweep.sweepOnce()).toBe(1);
      expect((await registry.get(id))?.status).toBe('done');
      // Another worker's sweep finds nothing left to do.
      expect(await sweep.sweepOnce()).toBe(0);
    } finally {
      await sweep.stop();
    }
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instance] }));
    expect(described.Reservations?.[0]?.Instances?.[0]?.State?.Name).toMatch(/^(pending|running)$/);
  });
});
