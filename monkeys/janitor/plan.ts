import type { ResourceRecord } from '../../core/aws/resources/types.js';
import type { GlobalConfig } from '../../core/config/schema.js';
import type { Snapshot } from '../../core/fleet/model.js';
import type { Action, Plan, Skip } from '../../core/plan/action.js';
import type { Finding } from '../../core/plan/finding.js';
import { exclusionOf, ruleSettings } from './candidates.js';
import { capDeletions } from './caps.js';
import type { JanitorMarkRecord } from './effects/janitor-record.js';
import { DELETE_KIND, MARK_KIND, SEEN_KIND, UNMARK_KIND } from './kinds.js';
import { deleteAfterFor, deleteAfterNotice, type LifecycleTimes, notDueYet } from './lifecycle.js';
import type { JanitorParams } from './params.js';
import { type MarkRecords, recordAgrees } from './record.js';
import { rulesOfType } from './rules/index.js';
import { type AnyRule, evaluate, type RuleContext } from './rules/rule.js';
import {
  DELETE_AFTER_TAG,
  hasLifecycleTags,
  LIFECYCLE_TAGS,
  MARKED_AT_TAG,
  markOf,
  NOTIFIED_AT_TAG,
  RULE_TAG,
} from './tags.js';
import { buildUseIndex, type UseIndex } from './uses.js';
import { JANITOR_TYPES, type JanitorType, recordsOf, type World } from './world.js';

export const JANITOR = 'janitor';
export const NOTICE_DETAIL = 'notice';
const DAY_MS = 86_400_000;

export interface JanitorPlanInput {
  readonly snapshot: Snapshot;
  /** What prepare read: every referencing type and the observations. */
  readonly world: World;
  readonly params: JanitorParams;
  readonly now: Date;
  readonly config?: Pick<GlobalConfig, 'calendar' | 'tags' | 'notifications'>;
  /** The Janitor's own record of its marks in this account and region; null: it could not be read (no Redis). */
  readonly marks: MarkRecords | null;
}

/** Everything one resource's decision needs, made once per run. */
interface Judge {
  readonly input: JanitorPlanInput;
  readonly world: World;
  readonly index: UseIndex;
  readonly times: LifecycleTimes;
  readonly account: string;
  readonly region: string;
}

/** The notice digests' owner: the owner tag (config keys), else params.fallbackOwner, else the config's fallback. */
export function recipientOf(tags: Record<string, string>, judge: Pick<Judge, 'input' | 'account'>): string | null {
  const config = judge.input.config;
  for (const key of [config?.tags.owner ?? 'owner', ...(config?.tags.ownerKeys ?? [])]) {
    const value = tags[key]?.trim();
    if (value) return value;
  }
  const fallback = config?.notifications.ownerFallback;
  return judge.input.params.fallbackOwner ?? fallback?.accounts[judge.account] ?? fallback?.default ?? null;
}

function ownerTag(tags: Record<string, string>, judge: Judge): string | null {
  return tags[judge.input.config?.tags.owner ?? 'owner']?.trim() || null;
}

/** Why the plan acts on a resource, as the report shows it: the rule, why it matches, the owner, the date. */
interface Why {
  readonly rule: string | null;
  readonly why: string;
  readonly owner: string | null;
  readonly deleteAfter: string | null;
}

function baseAction(
  kind: string,
  record: ResourceRecord,
  judge: Judge,
  params: Record<string, unknown>,
  why: Why,
): Action {
  return {
    kind,
    resource: record.id,
    group: null,
    account: judge.account,
    region: judge.region,
    zone: null,
    params,
    owner: ownerTag(record.tags, judge),
    details: { rule: why.rule, why: why.why, owner: why.owner, deleteAfter: why.deleteAfter },
  };
}

function finding(
  record: ResourceRecord,
  type: JanitorType,
  rule: string,
  reason: string,
  judge: Judge,
  details: Record<string, unknown>,
  severity: Finding['severity'] = 'info',
): Finding {
  return {
    rule,
    resource: record.id,
    resourceType: type,
    severity,
    owner: recipientOf(record.tags, judge),
    account: judge.account,
    region: judge.region,
    reason,
    details: { name: record.name ?? null, ...details },
  };
}

/** A notice for the owner's digest: what will go, by which rule, when, and how to keep it. */
function notice(
  record: ResourceRecord,
  type: JanitorType,
  rule: string,
  why: string,
  deleteAfter: string,
  judge: Judge,
) {
  const reason = `${why}; Janitor deletes it after ${deleteAfter} unless it is used again or tagged simian:janitor=disabled`;
  return finding(record, type, rule, reason, judge, { [NOTICE_DETAIL]: true, deleteAfter });
}

/** Seen-at tags to start (unused now, clock not running) and to stop (no longer unused by any rule that reads it). */
function seenClocks(rules: readonly AnyRule[], unusedBy: ReadonlySet<string>, record: ResourceRecord, now: Date) {
  const start: Record<string, string> = {};
  const stop: string[] = [];
  const tags = new Set(rules.flatMap((rule) => ('tag' in rule.since ? [rule.since.tag] : [])));
  for (const tag of tags) {
    const running = rules.some((rule) => 'tag' in rule.since && rule.since.tag === tag && unusedBy.has(rule.id));
    if (running && record.tags[tag] === undefined) start[tag] = now.toISOString();
    if (!running && record.tags[tag] !== undefined) stop.push(tag);
  }
  return { start, stop };
}

interface Decision {
  readonly actions: Action[];
  readonly deletions: Action[];
  readonly skipped: Skip[];
  readonly findings: Finding[];
}

function skip(record: ResourceRecord, judge: Judge, guard: string, reason: string): Skip {
  return { resource: record.id, group: null, guard, reason, region: judge.region, zone: null };
}

/** The record of a mark made now (nobody told yet). */
function freshRecord(record: ResourceRecord, type: JanitorType, judge: Judge, rule: string, deleteAfter: string) {
  return {
    account: judge.account,
    region: judge.region,
    resource: record.id,
    resourceType: type,
    rule,
    markedAt: judge.input.now.toISOString(),
    deleteAfter,
    owner: recipientOf(record.tags, judge),
    notifiedOwner: null,
    notifiedAt: null,
  } satisfies JanitorMarkRecord;
}

/** One resource: unmark, start a seen clock, mark, owe a notice, delete, or leave it as it is. */
function decide(record: ResourceRecord, type: JanitorType, judge: Judge, out: Decision): void {
  const { params, now } = judge.input;
  const mark = markOf(record.tags);
  const owner = recipientOf(record.tags, judge);
  const unmark = (keys: readonly string[], reason: string) => {
    const present = keys.filter((key) => record.tags[key] !== undefined);
    const why = { rule: mark?.rule ?? null, why: reason || 'its seen-at clock stops', owner, deleteAfter: null };
    if (present.length > 0)
      out.actions.push(baseAction(UNMARK_KIND, record, judge, { resourceType: type, keys: present }, why));
    if (reason) out.skipped.push(skip(record, judge, 'janitor', reason));
  };

  const excluded = exclusionOf(record, params);
  if (excluded) {
    if (hasLifecycleTags(record.tags)) unmark([...LIFECYCLE_TAGS], '');
    out.skipped.push(skip(record, judge, 'opt-in', excluded));
    return;
  }

  // A use that could not be read keeps the resource (the index holds it as a use): its owner should know why.
  const unreadable = judge.world.observed.unreadable[record.id];
  if (unreadable && rulesOfType(type).length > 0) {
    out.findings.push(
      finding(record, type, 'uses-unreadable', `${record.id} is kept: ${unreadable}`, judge, {}, 'warning'),
    );
  }

  const rules = rulesOfType(type).filter((rule) => ruleSettings(rule, params).enabled);
  const verdicts = rules.map((rule) => {
    const settings = ruleSettings(rule, params);
    const ctx: RuleContext = { index: judge.index, world: judge.world, now, days: settings.days };
    const ruleExcluded = settings.excludes(record);
    return {
      rule,
      days: settings.days,
      ...(ruleExcluded ? { unused: null, violation: null } : evaluate(rule, record, ctx)),
    };
  });
  const unusedBy = new Set(verdicts.filter((verdict) => verdict.unused).map((verdict) => verdict.rule.id));
  const clocks = seenClocks(rules, unusedBy, record, now);
  const violated =
    verdicts.find((verdict) => verdict.violation && verdict.rule.id === mark?.rule) ??
    verdicts.find((verdict) => verdict.violation);

  // An image or snapshot shared with other accounts is never a candidate, but its owner should know it looks unused.
  const sharing = sharingOf(record, type, judge);
  if (sharing && !usedInAccount(record, judge)) {
    out.findings.push(
      finding(
        record,
        type,
        `${type}-shared`,
        `${type} ${record.id} is used by nothing in this account but shared with ${sharing.join(', ')}: never deleted by Janitor`,
        judge,
        { sharedWith: sharing },
        'warning',
      ),
    );
  }

  if (mark && (!violated || violated.rule.id !== mark.rule)) {
    const still = verdicts.find((verdict) => verdict.rule.id === mark.rule);
    const why = still?.unused ? `${still.unused}, but not for long enough` : `no longer violates ${mark.rule}`;
    unmark(
      [RULE_TAG, MARKED_AT_TAG, DELETE_AFTER_TAG, NOTIFIED_AT_TAG, ...clocks.stop],
      `${record.id} ${why}: unmarked`,
    );
    return;
  }
  if (!violated) {
    const counting = verdicts.find((verdict) => verdict.unused && 'tag' in verdict.rule.since);
    if (Object.keys(clocks.start).length > 0 && counting) {
      // The first sight of an undated state: a clock starts; the earliest deletion if it stays so is shown.
      const candidate = new Date(now.getTime() + counting.days * DAY_MS);
      const why = {
        rule: counting.rule.id,
        why: `${counting.unused}: first seen now; a candidate after ${counting.days} day(s) so`,
        owner,
        deleteAfter: deleteAfterFor(candidate, ownerTag(record.tags, judge) !== null, judge.times).toISOString(),
      };
      out.actions.push(baseAction(SEEN_KIND, record, judge, { resourceType: type, tags: clocks.start }, why));
    } else if (clocks.stop.length > 0) unmark(clocks.stop, '');
    return;
  }
  if (violated.rule.reportOnly) {
    out.findings.push(
      finding(
        record,
        type,
        violated.rule.id,
        `${violated.violation} (AWS cannot tag it: reported, never deleted)`,
        judge,
        {},
        'warning',
      ),
    );
    return;
  }
  const entry = mark ? judge.input.marks?.get(record.id) : undefined;
  if (mark && judge.input.marks === null) {
    out.skipped.push(
      skip(record, judge, 'janitor', `${record.id} is marked, but the Janitor's record cannot be read: not deleted`),
    );
    return;
  }
  if (!mark || !recordAgrees(mark, entry)) {
    // Tags the Janitor's record does not hold (copied, forged, or left by another store) prove nothing: a fresh mark.
    const deleteAfter = deleteAfterFor(now, ownerTag(record.tags, judge) !== null, judge.times).toISOString();
    const restarted = mark
      ? `; its lifecycle tags are not the Janitor's record (${entry ? 'they disagree with it' : 'none held'}): the clock restarts`
      : '';
    const why = { rule: violated.rule.id, why: `${violated.violation}${restarted}`, owner, deleteAfter };
    if (mark?.notifiedAt) unmark([NOTIFIED_AT_TAG], '');
    const tags = {
      ...clocks.start,
      [RULE_TAG]: violated.rule.id,
      [MARKED_AT_TAG]: now.toISOString(),
      [DELETE_AFTER_TAG]: deleteAfter,
    };
    const fresh = freshRecord(record, type, judge, violated.rule.id, deleteAfter);
    out.actions.push(baseAction(MARK_KIND, record, judge, { resourceType: type, tags, record: fresh }, why));
    out.findings.push(notice(record, type, violated.rule.id, why.why, deleteAfter, judge));
    return;
  }
  if (!entry.notifiedAt) {
    out.findings.push(notice(record, type, mark.rule, violated.violation as string, mark.deleteAfter, judge));
    return;
  }
  if (entry.notifiedOwner !== owner) {
    // Whoever owns it now must be told before anything of theirs goes: a new notice, then a new date.
    const why = `${violated.violation}; its owner is now ${owner ?? 'nobody'} (${entry.notifiedOwner ?? 'nobody'} was told at ${entry.notifiedAt})`;
    const newDate = deleteAfterNotice(mark, now, judge.times).toISOString();
    out.findings.push(notice(record, type, mark.rule, why, newDate, judge));
    return;
  }
  if (notDueYet(mark, now, judge.times)) return;
  out.deletions.push(deletion(record, type, entry, violated, judge));
}

/** Who else may use an image or a snapshot (when its unused rule is on), else undefined. */
function sharingOf(record: ResourceRecord, type: JanitorType, judge: Judge): readonly string[] | undefined {
  const { observed } = judge.world;
  const sharing = type === 'image' ? observed.imageSharing : type === 'snapshot' ? observed.snapshotSharing : {};
  const rule = type === 'image' ? 'unused-image' : 'unused-snapshot';
  const on = rulesOfType(type).some(
    (candidate) => candidate.id === rule && ruleSettings(candidate, judge.input.params).enabled,
  );
  return on ? sharing[record.id] : undefined;
}

function usedInAccount(record: ResourceRecord, judge: Judge): boolean {
  return (judge.index.get(record.id) ?? []).length > 0;
}

function deletion(
  record: ResourceRecord,
  type: JanitorType,
  entry: JanitorMarkRecord,
  violated: { readonly days: number; readonly violation: string | null },
  judge: Judge,
): Action {
  const { params, now } = judge.input;
  const backup = type === 'volume' && params.snapshotBeforeDelete;
  const why = {
    rule: entry.rule,
    why: `${violated.violation}; marked at ${entry.markedAt}, ${entry.notifiedOwner ?? 'nobody'} told at ${entry.notifiedAt}`,
    owner: entry.notifiedOwner,
    deleteAfter: entry.deleteAfter,
  };
  return baseAction(
    DELETE_KIND[type],
    record,
    judge,
    {
      resourceType: type,
      rule: entry.rule,
      days: violated.days,
      markedAt: entry.markedAt,
      deleteAfter: entry.deleteAfter,
      notifiedAt: entry.notifiedAt,
      notifiedOwner: entry.notifiedOwner,
      plannedAt: now.toISOString(),
      ...(backup
        ? { backupRetainUntil: new Date(now.getTime() + params.backupRetentionDays * DAY_MS).toISOString() }
        : {}),
    },
    why,
  );
}

/**
 * The run that records notices: on each resource still marked as the record holds it and not yet told its current
 * owner, notified-at (tag and record, with whom), the date moved out when the notice came late.
 */
function recordNotices(record: ResourceRecord, type: JanitorType, judge: Judge, out: Decision): void {
  const at = judge.input.params.notified?.[record.id];
  const mark = markOf(record.tags);
  const entry = judge.input.marks?.get(record.id);
  if (!at || !mark || !recordAgrees(mark, entry)) return;
  const owner = recipientOf(record.tags, judge);
  if (entry.notifiedAt && entry.notifiedOwner === owner) return;
  const deleteAfter = deleteAfterNotice(mark, new Date(at), judge.times).toISOString();
  const tags = {
    [NOTIFIED_AT_TAG]: at,
    ...(deleteAfter !== mark.deleteAfter ? { [DELETE_AFTER_TAG]: deleteAfter } : {}),
  };
  const told = { ...entry, deleteAfter, notifiedOwner: owner, notifiedAt: at };
  const why = { rule: mark.rule, why: `${owner ?? 'unowned'} was told at ${at}`, owner, deleteAfter };
  out.actions.push(baseAction(MARK_KIND, record, judge, { resourceType: type, tags, record: told }, why));
}

/**
 * `--report`: every marked resource as a finding — what the record holds and the tags mirror, tags the record does
 * not hold (the next run restarts their clock), and resources whose seen-at clock runs (not marked yet).
 */
function reportMark(record: ResourceRecord, type: JanitorType, judge: Judge, out: Decision): void {
  const mark = markOf(record.tags);
  const entry = judge.input.marks?.get(record.id);
  if (mark) {
    const trusted = recordAgrees(mark, entry);
    const told = trusted ? entry.notifiedAt : null;
    const notified = told ? `${entry?.notifiedOwner ?? 'unowned'} notified at ${told}` : 'owner not notified yet';
    const standing = trusted
      ? notified
      : judge.input.marks === null
        ? "the Janitor's record could not be read"
        : "its tags are not the Janitor's record: the next run marks it afresh";
    const reason = `marked by ${mark.rule} at ${mark.markedAt}; delete after ${mark.deleteAfter}; ${standing}`;
    out.findings.push(
      finding(record, type, mark.rule, reason, judge, {
        markedAt: mark.markedAt,
        deleteAfter: mark.deleteAfter,
        notifiedAt: mark.notifiedAt,
        notifiedOwner: trusted ? entry.notifiedOwner : null,
        recorded: trusted,
      }),
    );
    return;
  }
  if (entry) {
    const reason = `in the Janitor's record (marked by ${entry.rule} at ${entry.markedAt}) but its tags are gone: the next run marks it afresh if it still violates ${entry.rule}`;
    out.findings.push(finding(record, type, entry.rule, reason, judge, { ...entry, recorded: false }));
    return;
  }
  const seen = rulesOfType(type).find((rule) => 'tag' in rule.since && record.tags[rule.since.tag] !== undefined);
  if (seen && 'tag' in seen.since) {
    const reason = `seen unused since ${record.tags[seen.since.tag]} (${seen.since.tag}); not marked yet`;
    out.findings.push(finding(record, type, seen.id, reason, judge, { seenAt: record.tags[seen.since.tag] }));
  }
}

export function planJanitor(input: JanitorPlanInput): Plan {
  const { snapshot, params, config } = input;
  const world: World = {
    records: new Map([...input.world.records, ...snapshot.resources]),
    observed: input.world.observed,
  };
  const judge: Judge = {
    input,
    world,
    index: buildUseIndex(world),
    times: {
      calendar: config?.calendar,
      retentionDays: params.retentionDays,
      unownedRetentionDays: params.unownedRetentionDays,
      noticeDays: params.noticeDays,
    },
    account: snapshot.account,
    region: snapshot.region,
  };
  const out: Decision = { actions: [], deletions: [], skipped: [], findings: [] };
  const types = params.types ?? JANITOR_TYPES;
  for (const type of JANITOR_TYPES.filter((candidate) => types.includes(candidate))) {
    for (const record of recordsOf(world, type)) {
      if (params.report) {
        reportMark(record, type, judge, out);
        // The report also lists what is reported instead of deleted (shared images, launch configurations).
        const reported: Decision = { actions: [], deletions: [], skipped: [], findings: [] };
        decide(record, type, judge, reported);
        out.findings.push(
          ...reported.findings.filter((found) => found.details[NOTICE_DETAIL] !== true && !markOf(record.tags)),
        );
      } else if (params.notified) {
        recordNotices(record, type, judge, out);
        const settled: Decision = { actions: [], deletions: [], skipped: [], findings: [] };
        decide(record, type, judge, settled);
        out.actions.push(...settled.actions.filter((action) => action.kind === UNMARK_KIND));
      } else decide(record, type, judge, out);
    }
  }
  const capped = capDeletions(out.deletions, params, (type) => recordsOf(world, type).length);
  return {
    monkey: JANITOR,
    target: { region: snapshot.region },
    actions: [...out.actions, ...capped.kept],
    skipped: [...out.skipped, ...capped.spared],
    findings: out.findings,
  };
}
