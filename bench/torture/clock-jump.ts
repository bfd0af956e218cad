import { compactDay, jobId } from '../../core/queue/job-id.js';
import { JOB_NAMES } from '../../core/queue/jobs.js';
import { FakeClock } from './faketime.js';
import { type LongRunning, startBuiltCli } from './processes.js';
import { checkStopReverts, completedPlannedRuns, revertRecords } from './revert-checks.js';
import { Losses, type ScenarioResult, type TortureContext } from './scenario.js';
import { armedChaosJobs, type ChaosJobs } from './worker-kill.js';

const DAY_MS = 86_400_000;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** The fault of each group, by its index modulo 3: reverts due before, across and after the jumps. */
const DURATIONS = ['1m', '3m', '10m'];

/** Polls `check` until it holds; false once `timeoutMs` passed. */
async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

const durationOf = (group: string | null) => DURATIONS[Number(group?.slice(-2) ?? 0) % 3];

/** The reverts of the groups whose fault lasts `duration`, all applied. */
const revertedAll = async (jobs: ChaosJobs, durations: readonly string[]) =>
  (await revertRecords(jobs))
    .filter((record) => durations.includes(durationOf(record.meta.group) as string))
    .every((record) => record.status === 'done');

/**
 * Real `simian scheduler` and `simian worker` processes whose wall clock jumps while they run (libfaketime; their
 * monotonic clock stays real): armed Chaos stop faults lasting 1m, 3m and 10m are applied at 23:56 UTC of a run day,
 * then the clock jumps forward past the 1m deadlines, forward across midnight past the 3m ones and the daily plan's
 * hour, back across midnight to 23:59:30 (the scheduler reloads, a worker restarts, under the earlier clock), and forward past the 10m ones;
 * a worker is SIGKILLed and replaced at each jump. Every revert is applied once and never before its deadline (by the
 * clock of the process applying it), no instance is stopped twice, and the backward jump plans nothing again.
 */
export async function tortureClockJump(context: TortureContext): Promise<ScenarioResult> {
  const losses = new Losses();
  const clock = new FakeClock();
  const started = performance.now();
  // The run day is today (UTC); the next day is not a run day, so no plan for it brings new faults.
  const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const at = (time: string, days = 0) =>
    new Date(Date.parse(`${new Date(today.getTime() + days * DAY_MS).toISOString().slice(0, 10)}T${time}Z`));
  const groups = context.quick ? 6 : 15;
  const jobs = await armedChaosJobs(context, {
    region: 'ap-south-1',
    groups,
    redisUrl: context.redisUrl,
    latencyMs: 0,
    params: {
      fault: 'stop',
      duration: DURATIONS[0],
      groups: Object.fromEntries(
        Array.from({ length: groups }, (_, index) => [
          `jobs-${String(index).padStart(2, '0')}`,
          { duration: DURATIONS[index % 3] },
        ]),
      ),
    },
    fleet: { dailyPlanAt: '23:59' },
    calendar: { days: [WEEKDAYS[today.getUTCDay()]] },
  });
  const processes: LongRunning[] = [];
  const start = async (role: 'worker' | 'scheduler') => {
    const ready = role === 'worker' ? 'worker started' : 'schedules synced';
    const running = startBuiltCli([role, '-c', jobs.configPath], ready, clock.env);
    processes.push(running);
    await running.ready;
    return running;
  };
  const kill = async (running: LongRunning) => {
    running.child.kill('SIGKILL');
    await running.exited;
  };
  const jumps: string[] = [];
  const jump = (to: Date) => {
    const from = clock.now();
    clock.set(to);
    jumps.push(`${from.toISOString().slice(11, 19)}→${to.toISOString().slice(11, 19)}`);
  };
  try {
    clock.set(at('23:56:00'));
    const skew = clock.check();
    if (Math.abs(skew) > 2000) {
      losses.expect(false, `libfaketime does not move Node's clock (Date.now is ${skew} ms off the faked time)`);
      return { scenario: 'clock jumps', did: 'nothing: the clock cannot be faked', figures: '', losses: losses.list };
    }
    const [scheduler, ...workers] = await Promise.all([start('scheduler'), start('worker'), start('worker')]);
    const replaceWorker = async (slot: number) => {
      await kill(workers[slot] as LongRunning);
      workers[slot] = await start('worker');
    };
    const step = async (what: string, check: () => Promise<boolean>) => {
      if (!(await eventually(check, 30_000))) losses.expect(false, `${what} did not happen (clock ${jumps.at(-1)})`);
    };
    await step('every planned run at 23:56', async () => (await completedPlannedRuns(jobs)) === groups);
    const stopsAfterFaults = jobs.proxy.figures.instanceCalls.StopInstances.size;

    jump(at('23:58:00'));
    await replaceWorker(0);
    await step('the 1m reverts', () => revertedAll(jobs, ['1m']));

    jump(at('00:00:30', 1));
    await replaceWorker(1);
    await step('the 3m reverts', () => revertedAll(jobs, ['1m', '3m']));
    await step('the daily plan after midnight', async () => {
      const plans = await jobs.queue.getJobs(['completed'], 0, -1);
      return plans.some((job) => job.name === JOB_NAMES.dailyPlan);
    });

    jump(at('23:59:30'));
    // The scheduler reloads under the earlier clock (SIGHUP): past the planning hour of a day already planned.
    scheduler.child.kill('SIGHUP');
    await replaceWorker(0);
    await step('the daily plan of the day gone back to', async () => {
      const plan = await jobs.queue.getJob(jobId('daily-plan', compactDay(at('00:00:00').toISOString().slice(0, 10))));
      return Boolean(plan?.finishedOn);
    });
    // Nothing is due under the earlier clock: a quiet moment in which nothing may happen.
    await new Promise((resolve) => setTimeout(resolve, context.quick ? 500 : 5000));
    const earlyLong = (await revertRecords(jobs)).filter(
      (record) => durationOf(record.meta.group) === '10m' && record.status === 'done',
    );
    losses.expect(earlyLong.length === 0, `${earlyLong.length} 10m reverts applied before their deadline`);

    jump(at('00:06:30', 1));
    await replaceWorker(1);
    await step('the 10m reverts', () => revertedAll(jobs, DURATIONS));

    const figures = await checkStopReverts(context, jobs, losses);
    const records = await revertRecords(jobs);
    const early = records.filter((record) => record.outcome && record.dueAt && record.outcome.at < record.dueAt);
    losses.expect(early.length === 0, `reverts applied before their deadline: ${early.map((record) => record.id)}`);
    const all = await jobs.queue.getJobs(['completed', 'failed', 'waiting', 'delayed', 'active'], 0, -1);
    const plannedRuns = all.filter((job) => job.name === JOB_NAMES.plannedRun).length;
    // The daily plans that ran (the day each planned, and how many runs); the next one waits for its hour.
    const dailyPlans = all
      .filter((job) => job.name === JOB_NAMES.dailyPlan && job.finishedOn)
      .map(
        (job) =>
          `${(job.data as { day?: string }).day ?? 'its day'}: ${(job.returnvalue as { runs?: number })?.runs} runs`,
      );
    losses.expect(plannedRuns === groups, `${plannedRuns} planned runs in the queue, ${groups} expected`);
    losses.expect(
      jobs.proxy.figures.instanceCalls.StopInstances.size === stopsAfterFaults,
      'instances stopped after the faults of 23:56',
    );
    return {
      scenario: 'clock jumps',
      did: `real scheduler + 2 workers under libfaketime, ${groups} armed chaos stop faults (1m/3m/10m) at 23:56 UTC; jumps ${jumps.join(', ')}, a worker SIGKILLed at each, the scheduler reloaded after the backward one`,
      figures: `${jumps.length} jumps (1 backward across midnight); ${figures.applied}/${figures.registered} reverts applied, ${early.length} early, ${figures.doubleReverts} twice; ${figures.doubleStops} instances stopped twice; ${dailyPlans.length} daily plans run (${dailyPlans.join(', ')}), ${plannedRuns - groups} runs planned again; ${((performance.now() - started) / 1000).toFixed(1)} s`,
      losses: losses.list,
    };
  } finally {
    await Promise.all(processes.map(kill));
    await jobs.close();
    clock.close();
  }
}
