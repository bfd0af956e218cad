import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ALWAYS_OPEN_CALENDAR } from '../../core/sandbox/always-open-calendar.js';
import { freePort } from '../../core/sandbox/peers.js';
import { redisUrl, uniquePrefix } from '../support/env.js';
import { waitFor } from '../support/wait-for.js';
import { killAllFleetNodes, simianScript, spawnSimian } from './support/fleet-processes.js';

const run = promisify(execFile);

describe('simian up, serve and schedule', () => {
  // Bundled before the tests, under the hook's timeout: on a busy machine the one-off esbuild run would otherwise eat
  // the first test's budget for waiting on the processes it spawns.
  beforeAll(simianScript);
  afterAll(killAllFleetNodes);

  it('up serves health and status, plans the day, lists it in `simian schedule`, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simian-up-'));
    const port = await freePort();
    const prefix = uniquePrefix('up');
    mkdirSync(join(dir, 'schedules'));
    writeFileSync(
      join(dir, 'simian.yaml'),
      stringify({
        redis: { url: redisUrl(), prefix },
        endpointUrl: process.env.AWS_ENDPOINT_URL,
        http: { port, token: 'a-secret-token-of-some-length' },
        calendar: ALWAYS_OPEN_CALENDAR,
        fleet: { dailyPlanAt: '00:00', shutdownGrace: '2s' },
      }),
    );
    writeFileSync(
      join(dir, 'schedules', 'fleet.yaml'),
      stringify({
        schedules: [
          { id: 'chaos-daily', monkey: 'chaos', params: { meanTimeBetweenKillsDays: 1 } },
          { id: 'gorilla-weekly', monkey: 'gorilla', cron: '0 10 * * 2', params: { zone: 'us-east-1a' } },
        ],
      }),
    );
    const config = join(dir, 'simian.yaml');
    const up = await spawnSimian(['up', '-c', config], 'HTTP server listening');
    await up.ready;

    const health = await fetch(`http://127.0.0.1:${port}/healthcheck`);
    expect(health.status).toBe(200);
    const status = await (await fetch(`http://127.0.0.1:${port}/status`)).text();
    expect(status).toContain('"key":"fleet.dailyPlanAt"');
    expect(status).not.toContain('a-secret-token-of-some-length');

    const script = await simianScript();
    const view = await waitFor(async () => {
      const { stdout } = await run(process.execPath, [script, 'schedule', '-c', config, '--json']);
      const parsed = JSON.parse(stdout) as { planned: boolean; runs: unknown[]; schedulers: { id: string }[] };
      return parsed.planned ? parsed : undefined;
    }, 'the day to be planned');
    // moto holds no group opted in to chaos, so the day is planned with no kill.
    expect(view.runs).toEqual([]);
    expect(view.schedulers.map((scheduler) => scheduler.id).sort()).toEqual(['gorilla-weekly', 'simian.daily-plan']);

    up.child.kill('SIGTERM');
    expect(await up.exited).toEqual({ code: 0, signal: null });
  });

  it('serve answers the healthcheck alone and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simian-serve-'));
    const port = await freePort();
    writeFileSync(join(dir, 'simian.yaml'), stringify({ redis: { url: redisUrl(), prefix: uniquePrefix('serve') } }));
    const serve = await spawnSimian(['serve', '-c', join(dir, 'simian.yaml'), '--port', String(port)], 'listening');
    await serve.ready;
    expect((await fetch(`http://127.0.0.1:${port}/healthcheck`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toContain('simian_queue_jobs');
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toEqual({ code: 0, signal: null });
  });

  it('schedule --date rejects a malformed date with exit 2 and one sentence', async () => {
    const script = await simianScript();
    const failure = await run(process.execPath, [script, 'schedule', '--date', 'tomorrow']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toBe(
      'simian: --date "tomorrow" is not a date (expected YYYY-MM-DD)\n',
    );
  });

  it('worker --concurrency rejects a bad number with exit 2 before connecting anywhere', async () => {
    const script = await simianScript();
    const failure = await run(process.execPath, [script, 'worker', '--concurrency', 'many']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toBe(
      'simian: --concurrency "many" is not a whole number from 1 to 1000\n',
    );
  });
});
