import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Pacer } from '../actuator/pacer.js';
import { RevertRegistry } from '../actuator/revert-registry.js';
import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../clock.js';
import type { LoadedConfig, LoadedSchedule } from '../config/load.js';
import { InputError } from '../errors.js';
import type { EventSink } from '../events/event.js';
import { decideOptIn, optInRulesFrom } from '../fleet/opt-in.js';
import type { Alert, AlertSender } from '../notify/alert.js';
import { findingDigests } from '../notify/findings.js';
import { type IncidentGateway, reconcileRunIncidents } from '../notify/findings-state.js';
import type { RunReport } from '../plan/action.js';
import { countBySeverity } from '../plan/finding.js';
import type { RunAccount } from '../run/run-monkey.js';
import { assertConfiguredAccount } from '../safety/account-guard.js';
import { runWindow } from '../safety/calendar.js';
import type { RedisClient } from './connection.js';
import { type DailyCandidate, dailyHookOf, type MonkeyLookup } from './daily-plan.js';
import type { DailyPlanning } from './fleet.js';
import type { FleetQueue } from './fleet-queue.js';
import { jobId } from './job-id.js';
import { jobRandom } from './job-random.js';
import { RevertBusyError, type RevertSource, reconcileReverts, revertJobId } from './revert-jobs.js';
import type { FleetRunner } from './run-job.js';
import { isDailyPlanEntry } from './schedulers.js';

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

/**
 * Runs a job through the one pipeline (runMonkey): the entry is read from the config as loaded now, every guard is
 * checked now, the run id and the random source derive from the job id so a retry repeats the same choices. Reverts
 * the run registered get their delayed jobs right after it.
 */
export function pipelineRunner(parts: PipelineParts, reverts: RevertSource): FleetRunner {
  return async (request) => {
    const config = parts.config();
    const entry = scheduleOf(config, request.scheduleId);
    // The run path (inventory, guards, effects, the SDK clients they use) loads with the first job: an idle worker
    // holds only the queue.
    const { runDeclared } = await import('../run/run-monkey.js');
    const regions = request.region ? [request.region] : config.global.regions;
    const aimed = request.group ? aimedParams(parts.monkeys, entry.monkey, request.group) : undefined;
    const reports: RunReport[] = [];
    for (const region of regions) {
      const identity = jobId(request.jobId, region);
      reports.push(
        await runDeclared(
          {
            monkey: entry.monkey,
            region,
            entry,
            ...(aimed ? { params: aimed } : {}),
            flagDryRun: true,
            runId: jobId(entry.monkey, identity),
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
            ...(parts.alerts ? { alerts: parts.alerts } : {}),
          },
        ),
      );
    }
    const report = mergeReports(reports);
    if (report.refused) parts.alerts?.notify(refusalAlert(entry.monkey, entry.id, report.refused));
    const findingsRun = { monkey: entry.monkey, runId: request.jobId };
    for (const digest of findingDigests(report.findings ?? [], findingsRun, config.global.notifications)) {
      parts.alerts?.notify(digest);
    }
    if (parts.alerts) {
      const runs = reports.map((regionReport, index) => ({ region: regions[index] as string, report: regionReport }));
      const { notifications, redis: redisConfig } = config.global;
      await reconcileRunIncidents(runs, entry.monkey, {
        ...parts,
        gateway: parts.alerts,
        notifications,
        prefix: redisConfig.prefix,
      });
    }
    if (report.actions.some((action) => action.revertAt)) {
      await reconcileReverts(parts.queue, reverts, parts.clock.now());
    }
    return report;
  };
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
