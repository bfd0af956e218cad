import type { Logger } from 'pino';
import type { NotificationsConfig } from '../config/notifications-schema.js';
import type { RunReport } from '../plan/action.js';
import type { Finding } from '../plan/finding.js';
import type { RedisClient } from '../redis/connection.js';
import { safetyCall } from '../redis/redis-call.js';
import { type Alert, type AlertReport, delivered, SEVERITIES, type Severity } from './alert.js';
import { findingOwner } from './findings.js';
import { routeFor } from './route.js';

/** The gateway's calls that report what became of them (AlertGateway). */
export interface IncidentGateway {
  send(alert: Alert): Promise<AlertReport>;
  escalate(alert: Alert): Promise<AlertReport>;
  resolve(incidentKey: string): Promise<AlertReport>;
}

/** Where one run looked: a finding missing from it is fixed only within the same monkey, account and region. */
export interface FindingsScope {
  readonly monkey: string;
  readonly account: string;
  readonly region: string;
}

/** What one reconciliation told the channels. */
export interface IncidentChanges {
  readonly triggered: string[];
  readonly resolved: string[];
}

/** Open incidents are kept while their scope keeps running; a scope that stops running is forgotten after this. */
const STATE_TTL_MS = 30 * 86_400_000;

const rank = (severity: Severity) => SEVERITIES.indexOf(severity);

type FindingsNotifications = Pick<NotificationsConfig, 'findings' | 'ownerFallback' | 'routes' | 'defaultRoute'>;

/** One incident per finding, the same across runs: `<monkey>:<rule>:<resource>`. */
export function findingIncidentKey(monkey: string, finding: Pick<Finding, 'rule' | 'resource'>): string {
  return `${monkey}:${finding.rule}:${finding.resource}`;
}

function incidentAlert(monkey: string, finding: Finding, notifications: FindingsNotifications): Alert {
  return {
    cluster: monkey,
    severity: finding.severity,
    desc: `${monkey} ${finding.rule}: ${finding.reason}`,
    incidentKey: findingIncidentKey(monkey, finding),
    details: { rule: finding.rule, resourceType: finding.resourceType, details: finding.details },
    owner: findingOwner(finding, notifications),
    monkey,
    account: finding.account,
    region: finding.region,
    resource: finding.resource,
    findings: 'incident',
  };
}

/**
 * The findings a scope has open, in Redis (`<prefix>:findings:<monkey>:<account>:<region>`: incident key → the
 * severity last told), so that a repeated finding is told once across runs and a fixed one is resolved.
 */
export class FindingsState {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private key(scope: FindingsScope): string {
    return `${this.prefix}:findings:${scope.monkey}:${scope.account}:${scope.region}`;
  }

  async open(scope: FindingsScope): Promise<Map<string, Severity>> {
    const fields = await safetyCall(this.redis, (redis) => redis.hgetall(this.key(scope)));
    return new Map(Object.entries(fields) as [string, Severity][]);
  }

  /** Writes what was told and cleared, and keeps the scope's state for another STATE_TTL_MS. */
  async record(scope: FindingsScope, told: ReadonlyMap<string, Severity>, cleared: readonly string[]): Promise<void> {
    const key = this.key(scope);
    await safetyCall(this.redis, async (redis) => {
      const steps = redis.multi();
      if (told.size > 0) steps.hset(key, Object.fromEntries(told));
      if (cleared.length > 0) steps.hdel(key, ...cleared);
      await steps.pexpire(key, STATE_TTL_MS).exec();
    });
  }
}

/**
 * After a scheduled run of a scope: each finding at or above findings.incidentSeverity that a route asks incidents for
 * (`findingIncidents: true`), new or worse than last told, is one alert through the gateway's routes (incident key `<monkey>:<rule>:<resource>`; a worse one is
 * escalated past the dedup window); each incident open from an earlier run and no longer found is resolved. What a
 * channel did not take (failed, rate-limited) stays as it was, so the next run tries again. A finding that eased but
 * is still reported is remembered at its new severity, without an alert.
 */
export async function reconcileFindingIncidents(
  findings: readonly Finding[],
  scope: FindingsScope,
  deps: {
    readonly state: FindingsState;
    readonly gateway: IncidentGateway;
    readonly notifications: FindingsNotifications;
    readonly logger: Logger;
  },
): Promise<IncidentChanges> {
  const { state, gateway, notifications, logger } = deps;
  const floor = rank(notifications.findings.incidentSeverity);
  const open = await state.open(scope);
  const current = new Map<string, Finding>();
  for (const finding of findings) {
    if (finding.account !== scope.account || finding.region !== scope.region) continue;
    if (rank(finding.severity) < floor) continue;
    // No route asks for this finding's own incident: its owner's digest tells it.
    if (routeFor(incidentAlert(scope.monkey, finding, notifications), notifications, []).length === 0) continue;
    current.set(findingIncidentKey(scope.monkey, finding), finding);
  }

  const told = new Map<string, Severity>();
  const triggered: string[] = [];
  const tell = async (key: string, finding: Finding, before: Severity | undefined) => {
    const alert = incidentAlert(scope.monkey, finding, notifications);
    // Worse than last told: past the gateway's dedup window, so the channels hear of it now.
    const report = await (before === undefined ? gateway.send(alert) : gateway.escalate(alert));
    if (delivered(report)) {
      told.set(key, finding.severity);
      triggered.push(key);
    }
  };
  const sends: Promise<void>[] = [];
  for (const [key, finding] of current) {
    const before = open.get(key);
    if (before === undefined || rank(finding.severity) > rank(before)) sends.push(tell(key, finding, before));
    else if (finding.severity !== before) told.set(key, finding.severity);
  }
  const cleared: string[] = [];
  const resolve = async (key: string) => {
    if (delivered(await gateway.resolve(key))) cleared.push(key);
  };
  for (const key of open.keys()) if (!current.has(key)) sends.push(resolve(key));
  // The gateway never rejects; its rate limits bound a first run that finds a lot.
  await Promise.all(sends);
  await state.record(scope, told, cleared);
  if (triggered.length + cleared.length > 0) {
    logger.info({ ...scope, triggered, resolved: cleared }, 'findings incidents updated');
  }
  return { triggered, resolved: cleared };
}

/** One region's run of a scheduled job, as the pipeline ran it. */
export interface ScopedRun {
  readonly region: string;
  readonly report: RunReport;
}

/**
 * The fleet pipeline's step after a scheduled run: the incidents of each region's findings reconciled with what is
 * open. A run that found nothing to report (no findings list) or was refused tells nothing and resolves nothing.
 * Never throws: the job's report does not depend on its alerts.
 */
export async function reconcileRunIncidents(
  runs: readonly ScopedRun[],
  monkey: string,
  deps: {
    readonly redis: RedisClient;
    readonly prefix: string;
    readonly gateway: IncidentGateway;
    readonly notifications: FindingsNotifications;
    readonly logger: Logger;
    readonly account: (region: string) => Promise<{ readonly id: string }>;
  },
): Promise<void> {
  const state = new FindingsState(deps.redis, deps.prefix);
  for (const { region, report } of runs) {
    if (!report.findings || report.refused) continue;
    try {
      const account = (await deps.account(region)).id;
      await reconcileFindingIncidents(report.findings, { monkey, account, region }, { ...deps, state });
    } catch (error) {
      deps.logger.warn({ err: error, monkey, region }, 'could not reconcile the findings incidents of this run');
    }
  }
}
