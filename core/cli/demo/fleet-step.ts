import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { allMonkeys } from '../../../monkeys/index.js';
import { RevertRegistry } from '../../actuator/revert-registry.js';
import { formatDuration } from '../../config/values.js';
import { RuntimeFailure } from '../../errors.js';
import type { SimianEvent } from '../../events/event.js';
import { formatEvent } from '../../events/format-event.js';
import { RedisTimeline } from '../../events/timeline.js';
import { JOB_NAMES } from '../../queue/jobs.js';
import { freePort } from '../../sandbox/peers.js';
import { renderTable } from '../table.js';
import type { DemoSandbox } from './demo-step.js';
import { writeDemoFleetConfig } from './fleet-config.js';

/** The fleet's processes, as a deployment runs them: one scheduler, two workers, the HTTP service. */
const ROLES = [
  ['scheduler', ['scheduler']],
  ['worker-1', ['worker']],
  ['worker-2', ['worker']],
  ['http', ['serve']],
] as const;

export interface FleetTour {
  /** How long the fleet runs before the demo stops it (ms). */
  readonly forMs: number;
  /** Resolves early when the user presses Ctrl-C. */
  readonly interrupted: Promise<void>;
  /** The built CLI (dist/core/cli/bin/simian.js). */
  readonly bin: string;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** How long past its deadline the tour waits for a revert before it stops the fleet anyway (and says so). */
const REVERT_GRACE_MS = 60_000;

/**
 * Waits until every revert the tour registered is applied by the fleet's workers (each at its deadline), so the
 * sandbox ends as it began; gives up on one that is more than REVERT_GRACE_MS overdue, or when the user presses
 * Ctrl-C, naming what stays open (`simian revert` lists and applies it).
 */
async function awaitReverts(registry: RevertRegistry, sandbox: DemoSandbox, tour: FleetTour): Promise<void> {
  let told = false;
  let stop = false;
  void tour.interrupted.then(() => {
    stop = true;
  });
  for (;;) {
    const open = (await registry.pending()).filter((record) => record.dueAt !== null);
    if (open.length === 0) return;
    const last = Math.max(...open.map((record) => new Date(record.dueAt as string).getTime()));
    if (stop || Date.now() > last + REVERT_GRACE_MS) {
      sandbox.print(
        `${open.length} revert(s) still open: 'simian revert --list' shows them, 'simian revert --due' applies them.`,
      );
      return;
    }
    if (!told) {
      const when = new Date(last).toISOString().slice(11, 19);
      sandbox.print(`\nWaiting for ${open.length} revert(s), due by ${when} UTC, before stopping the fleet…`);
      told = true;
    }
    await pause(1000);
  }
}

/** Events by monkey: how many plans, actions, skips, findings and reverts each produced during the tour. */
export function tourSummary(events: readonly SimianEvent[], monkeys: readonly string[]): string {
  const columns = ['Plan', 'Action', 'Skip', 'Finding', 'Revert'] as const;
  const rows = monkeys.map((monkey) => {
    const own = events.filter((event) => event.monkey === monkey);
    const count = (type: string) => String(own.filter((event) => event.type === type).length);
    return [monkey, ...columns.map(count), String(own.length)];
  });
  return renderTable(['monkey', ...columns.map((column) => column.toLowerCase()), 'events'], rows, {
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
}

/**
 * Runs the always-on fleet against the sandbox: real `simian scheduler`, two `simian worker` and `simian serve`
 * processes, every monkey scheduled in a calendar window that compresses the working day into the tour, a first
 * round of each monkey's run queued at once, the timeline printed live, then every process stopped and a summary
 * of what each monkey did.
 */
export async function runFleetTour(sandbox: DemoSandbox, tour: FleetTour): Promise<readonly SimianEvent[]> {
  const dir = mkdtempSync(join(tmpdir(), 'simian-demo-fleet-'));
  const monkeys = allMonkeys().map((monkey) => monkey.name);
  const port = await freePort();
  const fleet = writeDemoFleetConfig(dir, monkeys, new Date(), Math.ceil(tour.forMs / 60_000) + 1, port, {
    kongRecords: sandbox.extras?.kongRecords ?? [],
  });
  const env = {
    ...process.env,
    AWS_ENDPOINT_URL: sandbox.endpointUrl,
    SIMIAN_REDIS_URL: sandbox.redisUrl,
    SIMIAN_LOG_LEVEL: 'warn',
  };
  const exitedEarly: string[] = [];
  let stopping = false;
  const children = ROLES.map(([name, args]) => {
    const child = spawn(process.execPath, [tour.bin, ...args, '-c', fleet.configPath], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own: the terminal's Ctrl-C reaches the demo, which stops the fleet in order.
      detached: true,
    });
    // The last lines each process wrote, for one that dies early (the timeline is what the tour shows).
    const lines: string[] = [];
    const keep = (chunk: Buffer) => {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      lines.splice(0, Math.max(0, lines.length - 10));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code) => {
      if (!stopping) exitedEarly.push(`${name} (exit ${code}): ${lines.slice(-3).join(' | ')}`);
    });
    return child;
  });
  const { redis, config } = { redis: sandbox.context.redis(), config: sandbox.context.config.global };
  const timeline = new RedisTimeline(redis, { prefix: config.redis.prefix });
  const start = new Date();
  const abort = new AbortController();
  sandbox.print(
    [
      `The fleet: 1 scheduler, 2 workers and the HTTP service, every guard on, armed in the sandbox; the working day`,
      `compressed into ${fleet.window.start}–${fleet.window.end} UTC (the calendar window), each monkey every minute.`,
      `Dashboard: http://127.0.0.1:${port}/   (token demo-token-0123456789)`,
      `Running for ${formatDuration(tour.forMs)} (Ctrl-C stops it sooner). The timeline, live:`,
      '',
    ].join('\n'),
  );
  const following = (async () => {
    for await (const event of timeline.follow({ signal: abort.signal, blockMs: 500 })) {
      sandbox.print(`  ${formatEvent(event)}`);
    }
  })();
  // The morning's first round: each monkey once, now, through the queue the workers take jobs from.
  const queue = new Queue(config.fleet.queue, { connection: redis.duplicate(), prefix: config.redis.prefix });
  try {
    await queue.addBulk(
      monkeys.map((monkey) => ({
        name: JOB_NAMES.monkey,
        data: { scheduleId: `demo-${monkey}`, monkey },
        opts: { jobId: `demo-first-round-${monkey}-${start.getTime()}`, attempts: 1 },
      })),
    );
    const interrupted = await Promise.race([pause(tour.forMs).then(() => false), tour.interrupted.then(() => true)]);
    // The tour leaves nothing behind: the faults it made are put back before the fleet stops.
    if (!interrupted) await awaitReverts(new RevertRegistry(redis, { prefix: config.redis.prefix }), sandbox, tour);
  } finally {
    sandbox.print('\nStopping the fleet (each process finishes its running job first)…');
    stopping = true;
    await Promise.all(children.map(stop));
    abort.abort();
    await following.catch(() => undefined);
    await queue.close();
    await queue.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
  if (exitedEarly.length > 0) {
    throw new RuntimeFailure(`a fleet process stopped on its own: ${exitedEarly.join('; ')}`);
  }
  const events = await timeline.query({ since: start, limit: 100_000 });
  sandbox.print(`\nWhat each monkey did in the tour (${events.length} events):\n${tourSummary(events, monkeys)}`);
  return events;
}
