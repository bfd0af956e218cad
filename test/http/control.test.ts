import { StopInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpaced } from '../../core/actuator/pacer.js';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import { systemClock } from '../../core/clock.js';
import { revertRunner } from '../../core/http/revert-runner.js';
import { instanceStates, launchInstances, REGION } from '../actuator/support.js';
import { MOTO_ACCOUNT, testClients } from '../support/env.js';
import { CHAOS_SCHEDULE, errorOf, logger, type Service, startService } from './harness.js';

const clients = testClients();

describe('control routes: kill switch, runs, reverts, queues', () => {
  let service: Service;
  let registry: RevertRegistry;

  beforeAll(async () => {
    service = await startService({
      schedules: CHAOS_SCHEDULE,
      reverts: ({ redis, prefix, timeline }) => {
        registry = new RevertRegistry(redis, { prefix });
        return revertRunner({ registry, clients, pacer: unpaced, events: timeline, logger, clock: systemClock });
      },
    });
  });
  afterAll(() => service.close());

  it('POST /api/v1/killswitch turns the switch on and off, on the timeline; GET shows it', async () => {
    expect(await (await service.send('GET', '/api/v1/killswitch', undefined, null)).json()).toMatchObject({
      on: false,
    });
    const on = await service.send('POST', '/api/v1/killswitch', { state: 'on', reason: 'incident 42', who: 'ops' });
    expect(on.status).toBe(200);
    expect(await on.json()).toMatchObject({ on: true, who: 'ops', why: 'incident 42' });
    expect(await service.killSwitch.status()).toMatchObject({ on: true, who: 'ops' });
    expect(await (await service.send('GET', '/api/v1/killswitch', undefined, null)).json()).toMatchObject({ on: true });
    expect(await (await service.send('GET', '/metrics', undefined, null)).text()).toContain('simian_killswitch_on 1');
    await service.send('POST', '/api/v1/killswitch', { state: 'off', reason: 'resolved' });
    expect((await service.killSwitch.status()).on).toBe(false);
    const changes = await service.timeline.query({ type: 'KillSwitch' });
    expect(changes.map((event) => [event.on, event.who, event.reason])).toEqual([
      [true, 'ops', 'incident 42'],
      [false, 'http', 'resolved'],
    ]);
  });

  it('POST /api/v1/run enqueues one run of the schedule entry, once per request id', async () => {
    const run = () => service.send('POST', '/api/v1/run', { schedule: 'chaos-web', monkey: 'chaos', requestId: 'r-1' });
    const first = await run();
    expect(first.status).toBe(202);
    const answer = (await first.json()) as { jobId: string };
    expect(answer).toMatchObject({ schedule: 'chaos-web', monkey: 'chaos', armed: false });
    expect((await (await run()).json()) as { jobId: string }).toEqual(answer);
    const job = await service.queue.getJob(answer.jobId);
    expect(job).toMatchObject({ name: 'monkey', data: { scheduleId: 'chaos-web', monkey: 'chaos' } });
    expect(await service.queue.count()).toBe(1);
  });

  it('POST /api/v1/reverts/:id/run applies an open revert now, once; unknown ids answer 404, bad ones 400', async () => {
    const [instance] = (await launchInstances(clients, 1)) as [string];
    await clients.ec2({ region: REGION }).send(new StopInstancesCommand({ InstanceIds: [instance] }));
    const id = await registry.register(
      { kind: 'start-instance', resource: instance, account: MOTO_ACCOUNT, region: REGION, params: {} },
      new Date(Date.now() + 3_600_000),
      { runId: 'run-http', monkey: 'chaos', appliedKind: 'stop-instance', group: null, zone: null },
    );
    const first = await service.send('POST', `/api/v1/reverts/${id}/run`);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ id, status: 'done' });
    expect((await instanceStates(clients, [instance])).get(instance)).toMatch(/pending|running/);
    expect(await (await service.send('POST', `/api/v1/reverts/${id}/run`)).json()).toMatchObject({
      status: 'noop',
      detail: 'already applied',
    });
    const unknown = await service.send('POST', `/api/v1/reverts/rv-${'a'.repeat(24)}/run`);
    expect(unknown.status).toBe(404);
    const bad = await service.send('POST', '/api/v1/reverts/nope/run');
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatch(/is not a revert id/);
  });

  it('/queues is a read-only board for everyone; /queues/admin acts, with the token', async () => {
    const page = await service.send('GET', '/queues', undefined, null);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('simian queues (read-only)');
    const queues = (await (await service.send('GET', '/queues/api/queues', undefined, null)).json()) as {
      queues: { name: string; readOnlyMode: boolean }[];
    };
    expect(queues.queues.map((queue) => [queue.name, queue.readOnlyMode])).toEqual([['jobs', true]]);
    // Even with the token, the public board does nothing.
    expect((await service.send('PUT', '/queues/api/queues/jobs/pause')).status).toBe(405);
    expect((await service.send('GET', '/queues/admin')).status).toBe(200);
    expect((await service.send('PUT', '/queues/admin/api/queues/jobs/pause')).status).toBe(200);
    expect(await service.queue.isPaused()).toBe(true);
  });
});
