import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Pacer } from '../actuator/pacer.js';
import { RevertRegistry } from '../actuator/revert-registry.js';
import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../clock.js';
import type { LoadedConfig, LoadedSchedule } from '../config/load.js';
import { InputError, RefusedError } from '../errors.js';
import type { EventSink } from '../events/event.js';
import { decideOptIn, optInRulesFrom } from '../fleet/opt-in.js';
import type { Alert, AlertSender } from '../notify/alert.js';
import { findingDigests } from '../notify/findings.js';
import { type IncidentGateway, reconcileRunIncidents } from '../notify/findings-state.js';
import type { RunReport } from '../plan/action.js';
import { countBySeverity } from '../plan/finding.js';
import { type DailyCandidate, dailyHookOf, type MonkeyLookup } from '../queue/daily-plan.js';
import type { DailyPlanning } from '../queue/fleet.js';
import type { FleetQueue } from '../queue/fleet-queue.js';
import { jobId } from '../queue/job-id.js';
import { jobRandom } from '../queue/job-random.js';
import { RevertBusyError, type RevertSource, revertJobHook, revertJobId } from '../queue/revert-jobs.js';
import type { FleetRunner } from '../queue/run-job.js';
import { isDailyPlanEntry } from '../queue/schedulers.js';
import type { RedisClient } from '../redis/connection.js';
import { assertConfiguredAccount } from '../safety/account-guard.js';
import { runWindow } from '../safety/calendar.js';
import type { RunAccount, RunDeps, RunRequest } from './run-request.js';

/** The real parts a fleet process runs with (the CLI builds them once). */
export interface PipelineParts {
  readonly config: () => LoadedConfig;
  readonly clients: AwsClients;
  readonly redis: RedisClient;
  readonly queue: FleetQueue;
  readonly events: EventSink;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly pacer: Pacer;
  /** The credentials' account per region (STS): the daily plan's reads check it; every run learns its own. */
  readonly account: (region: string) => Promise<RunAccount>;
  /** The monkeys by name: who plans its day, and how a planned run is aimed at its group. */
  readonly monkeys: MonkeyLookup;
  /** A run as the named monkey declares it: the registry's, handed in (core/run names no monkey). */
  readonly runDeclared: (request: RunRequest, deps: RunDeps) => Promise<RunReport>;
  /**
   * Failed reverts (critical), stop conditions firing (warning) and other refusals of scheduled runs (info); report
   * runs' digests, and their findings as incidents (told once across runs, resolved when fixed).
   */
  readonly alerts?: AlertSender & IncidentGateway;
}

/** Several regions' reports as one (a job's result); the first refusal refuses the whole. */
function mergeReports(reports: readonly RunReport[]): RunReport {
  const [first] = reports as [RunReport, ...RunReport[]];
  const refused = reports.find((report) => report.refused)?.refused;
  const total = (key: 'planned' | 'done' | 'failed' | 'skipped') =>
    reports.reduce((sum, report) => sum + report.summary[key], 0);
  const findings = reports.some((report) => report.findings)
    ? reports.flatMap((report) => report.findings ?? [])
    : undefined;
  return {
    ...first,
    actions: reports.flatMap((report) => report.actions),
    skipped: reports.flatMap((report) => report.skipped),
    summary: {
      planned: total('planned'),
      done: total('done'),
      failed: total('failed'),
      skipped: total('skipped'),
      ...(findings ? { findings: findings.length, bySeverity: countBySeverity(findings) } : {}),
    },
    ...(findings ? { findings } : {}),
    ...(refused ? { refused } : {}),
  };
}

/** The params that aim a planned run at its group: its monkey's daily hook says how. */
function aimedParams(monkeys: MonkeyLookup, monkey: string, group: string): Record<string, unknown> {
  const hook = dailyHookOf(monkeys, monkey);
  if (!hook) {
    throw new InputError(`monkey "${monkey}" does not plan its day; the run planned for group "${group}" is dropped`);
  }
  return hook.aim(group);
}

function scheduleOf(config: LoadedConfig, id: string): LoadedSchedule {
  const entry = config.schedules.find((schedule) => schedule.id === id);
  if (!entry) throw new InputError(`schedule "${id}" is no longer in the schedules; the job is dropped`);
  if (!entry.enabled) throw new InputError(`schedule "${id}" is disabled; the job is dropped`);
  return entry;
}

/** The revert registry of the actuator, as the worker's revert source: failed reverts throw, so the job retries. */
export function registryRevertSource(parts: PipelineParts): RevertSource {
  const registry = new RevertRegistry(parts.redis, { prefix: parts.config().global.redis.prefix });
  return {
    pending: async () =>
      (await registry.pending())
        .filter((record) => record.dueAt !== null)
        .map((record) => ({ id: record.id, dueAt: new Date(record.dueAt as string) })),
    apply: async (id) => {
      const { applyRevert } = await import('../actuator/revert-apply.js');
      // Only the revert's own job calls this: it takes over the claim of a worker killed while applying it.
      const result = await applyRevert(id, { registry, ...parts }, revertJobId(id));
      if (result.status === 'failed') throw new Error(`revert ${id} failed: ${result.detail}`);
      // Another applier holds it: the job waits for its lease to end, in case that applier dies before finishing.
      if (result.status === 'noop' && result.record?.status === 'applying') {
        const until = new Date(result.record.leaseUntil ?? parts.clock.now().getTime());
        throw new RevertBusyError(
          until,
          `revert ${id} is being applied elsewhere; checking again at ${until.toISOString()}`,
        );
      }
    },
    sweep: async (before) => {
      const { applyDueReverts } = await import('../actuator/revert-apply.js');
      const results = await applyDueReverts({ registry, ...parts }, before);
      return results.filter((result) => result.status === 'done' || result.status === 'already').length;
    },
  };
}

/** A scheduled run a guard refused: a stop condition firing is a warning, any other refusal is for information. */
function refusalAlert(monkey: string, scheduleId: string, refused: { guard: string; reason: string }): Alert {
  const stop = refused.guard === 'stop-condition';
  return {
    cluster: scheduleId,
    severity: stop ? 'warning' : 'info',
    desc: `${monkey} run of schedule ${scheduleId} refused by ${refused.guard}: ${refused.reason}`,
    incidentKey: `refused:${scheduleId}:${refused.guard}`,
    details: refused,
    monkey,
  };
}

/** A region of a job that threw: the other regions ran anyway, and the job fails naming it. */
interface RegionFailure {
  readonly region: string;
  readonly error: unknown;
}

/**
 * The error a job whose regions failed ends with, naming each: bad input in every failed region stays bad input (no
 * retry), anything else is retried (the regions that ran are idempotent: same run ids, reverts registered once).
 */
function regionsFailed(failures: readonly RegionFailure[]): Error {
  const message = failures
    .map(({ region, error }) => `${region}: ${error instanceof Error ? error.message : String(error)}`)
    .join('; ');
  if (failures.every(({ error }) => error instanceof InputError)) return new InputError(message);
  const refusals = failures.flatMap(({ error }) => (error instanceof RefusedError ? [error] : []));
  if (refusals[0] && refusals.length === failures.length) return new RefusedError(refusals[0].guard, message);
  return new Error(message);
}

/**
 * Runs a job through the one pipeline (runMonkey): the entry is read from the config as loaded now, every guard is
 * checked now, the run id and the random source derive from the job id so a retry repeats the same choices. Each
 * revert gets its delayed job as it is registered, before its fault; each region runs on its own, so one that fails
 * neither stops the others nor strands their reverts, and the job still fails, naming it.
 */
// `_reverts` is no longer read (each revert is enqueued as it is registered); kept so existing callers still fit.
export function pipelineRunner(parts: PipelineParts, _reverts?: RevertSource): FleetRunner {
  const onRevertRegistered = revertJobHook(parts.queue, () => parts.clock.now());
  return async (request) => {
    const config = parts.config();
    const entry = scheduleOf(config, request.scheduleId);
    const regions = request.region ? [request.region] : (entry.regions ?? config.global.regions);
    const aimed = request.group ? aimedParams(parts.monkeys, entry.monkey, request.group) : undefined;
    const ran: { region: string; report: RunReport }[] = [];
    const failures: RegionFailure[] = [];
    for (const [index, region] of regions.entries()) {
      const identity = jobId(request.jobId, region);
      try {
        const regionReport = await parts.runDeclared(
          {
            monkey: entry.monkey,
            region,
            entry,
            ...(aimed ? { params: aimed } : {}),
            flagDryRun: true,
            runId: jobId(entry.monkey, identity),
            // Route 53 and IAM answer alike in every region: the job's first region reports them, once.
            globals: index === 0,
          },
          {
            config: config.global,
            clients: parts.clients,
            redis: parts.redis,
            events: parts.events,
            clock: parts.clock,
            logger: parts.logger,
            random: jobRandom(identity),
            pacer: parts.pacer,
            onRevertRegistered,
            ...(parts.alerts ? { alerts: parts.alerts } : {}),
          },
        );
        ran.push({ region, report: regionReport });
      } catch (error) {
        parts.logger.error({ region, err: error }, `${entry.monkey} run of schedule ${entry.id} failed in ${region}`);
        failures.push({ region, error });
      }
    }
    if (ran.length > 0) await reportRuns(parts, config, entry, request, ran);
    if (failures.length > 0) throw regionsFailed(failures);
    return mergeReports(ran.map((run) => run.report));
  };
}

/** What a job's runs tell beyond its result: refusal alerts, findings digests and incidents. */
async function reportRuns(
  parts: PipelineParts,
  config: LoadedConfig,
  entry: LoadedSchedule,
  request: { readonly jobId: string },
  runs: readonly { region: string; report: RunReport }[],
): Promise<void> {
  const report = mergeReports(runs.map((run) => run.report));
  if (report.refused) parts.alerts?.notify(refusalAlert(entry.monkey, entry.id, report.refused));
  const findingsRun = { monkey: entry.monkey, runId: request.jobId };
  for (const digest of findingDigests(report.findings ?? [], findingsRun, config.global.notifications)) {
    parts.alerts?.notify(digest);
  }
  if (parts.alerts) {
    const { notifications, redis: redisConfig } = config.global;
    await reconcileRunIncidents(runs, entry.monkey, {
      ...parts,
      gateway: parts.alerts,
      notifications,
      prefix: redisConfig.prefix,
    });
  }
}

/**
 * The daily plan's real inputs: the calendar window, and for every enabled entry of a monkey that plans its day,
 * the groups opted in to that monkey (tags and the entry's selectors), one inventory per region.
 */
export function dailyPlanning(parts: PipelineParts): DailyPlanning {
  return {
    window: (day, config) => {
      const calendar = config.global.calendar;
      return runWindow(DateTime.fromISO(day, { zone: calendar.timezone }).set({ hour: 12 }).toJSDate(), calendar);
    },
    candidates: async (_day, config) => {
      const candidates: DailyCandidate[] = [];
      const entries = config.schedules.flatMap((entry) => {
        const monkey = isDailyPlanEntry(entry, parts.monkeys) ? parts.monkeys(entry.monkey) : undefined;
        return monkey ? [{ entry, monkey }] : [];
      });
      const { takeSnapshot } = await import('../aws/inventory.js');
      for (const region of config.global.regions) {
        if (entries.length === 0) break;
        const account = await parts.account(region);
        assertConfiguredAccount(account);
        const snapshot = await takeSnapshot(parts.clients, { account: account.id, region, roleArn: account.roleArn });
        const where = { account: account.id, region };
        for (const { entry, monkey } of entries) {
          if (entry.regions && !entry.regions.includes(region)) continue;
          const rules = optInRulesFrom(entry, entry.file, entry.excludeLines);
          for (const group of snapshot.groups) {
            if (!decideOptIn(group, monkey, rules, where, config.global.tags.prefix).eligible) continue;
            candidates.push({
              scheduleId: entry.id,
              monkey: monkey.name,
              group: group.name,
              account: account.id,
              region,
              params: entry.params,
              tags: [group.tags],
            });
          }
        }
      }
      return candidates;
    },
  };
}
