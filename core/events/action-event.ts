import type { MonkeyName } from '../config/schema.js';
import type { Action, Skip } from '../plan/action.js';
import type { Finding } from '../plan/finding.js';
import { EVENT_TYPES, type SimianEvent } from './event.js';

/** Who is acting: enough of a run to label its events. */
export interface EventOrigin {
  readonly monkey: MonkeyName | null;
  readonly dryRun: boolean;
  readonly runId: string;
  readonly account?: string;
  readonly region?: string;
}

/** The timeline entry of one action (planned, done, failed, reverted ...). */
export function actionEvent(
  type: string,
  action: Pick<Action, 'kind' | 'resource' | 'group' | 'account' | 'region' | 'zone'>,
  origin: EventOrigin,
  desc: string,
  extra: Record<string, unknown> = {},
): SimianEvent {
  return {
    type,
    app: action.group ?? 'simian',
    desc,
    monkey: origin.monkey,
    dryRun: origin.dryRun,
    resource: action.resource,
    group: action.group,
    region: action.region,
    zone: action.zone,
    account: action.account,
    runId: origin.runId,
    kind: action.kind,
    ...extra,
  };
}

/** A timeline entry about a whole run (planned, refused ...), not one resource. */
export function runEvent(type: string, origin: EventOrigin, desc: string): SimianEvent {
  return {
    type,
    app: 'simian',
    desc,
    monkey: origin.monkey,
    dryRun: origin.dryRun,
    resource: null,
    group: null,
    region: origin.region ?? null,
    zone: null,
    account: origin.account ?? null,
    runId: origin.runId,
  };
}

/** The timeline entry of a resource spared by a guard. */
export function skipEvent(skip: Skip, origin: EventOrigin, kind?: string): SimianEvent {
  return {
    type: 'Skip',
    app: skip.group ?? 'simian',
    desc: `spared ${skip.resource} (${skip.guard}): ${skip.reason}`,
    monkey: origin.monkey,
    dryRun: origin.dryRun,
    resource: skip.resource,
    group: skip.group,
    region: skip.region ?? origin.region ?? null,
    zone: skip.zone ?? null,
    account: origin.account ?? null,
    runId: origin.runId,
    guard: skip.guard,
    reason: skip.reason,
    ...(kind ? { kind } : {}),
  };
}

/** The timeline entry of one finding of a report monkey (never an action: nothing was changed). */
export function findingEvent(finding: Finding, origin: EventOrigin): SimianEvent {
  return {
    type: EVENT_TYPES.finding,
    app: 'simian',
    desc: `${finding.severity} ${finding.rule} ${finding.resource}: ${finding.reason}`,
    monkey: origin.monkey,
    dryRun: true,
    resource: finding.resource,
    group: null,
    region: finding.region,
    zone: null,
    account: finding.account,
    runId: origin.runId,
    rule: finding.rule,
    resourceType: finding.resourceType,
    severity: finding.severity,
    owner: finding.owner,
    reason: finding.reason,
    details: finding.details,
  };
}
