import { z } from 'zod';
import type { ResourceTypeName } from '../../core/aws/resources/types.js';
import type { FailedRead, Group, Snapshot } from '../../core/fleet/model.js';
import { DEFAULT_TAG_PREFIX } from '../../core/fleet/opt-in.js';
import { ownerTagOf } from '../../core/notify/owner.js';
import type { Plan, Skip } from '../../core/plan/action.js';
import { type Finding, READ_FAILED_RULE, type Severity, severityRank } from '../../core/plan/finding.js';
import type { PlanInput } from '../../core/run/monkey.js';
import {
  type CommonRuleSettings,
  commonRuleSettings,
  type Excludable,
  exclusionMatches,
  type ReportExclusion,
  reportExclusion,
} from './report-settings.js';

/** One thing a rule found, before the runner adds the rule id, severity, owner, account and region. */
export interface RuleHit extends Excludable {
  readonly resourceType: ResourceTypeName;
  /** The sentence a person can act on. */
  readonly reason: string;
  /** The group the resource belongs to: a group a schedule entry leaves out (or opted out) gets no finding. */
  readonly group?: string | undefined;
  /** This hit's severity when it differs from the rule's (a private address, say); the entry's `severity` wins. */
  readonly severity?: Severity;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** What a rule's check reads: the snapshot, what the monkey's prepare step read, and the rule's settings. */
export interface RuleInput<O, S> {
  readonly snapshot: Snapshot;
  readonly observed: O;
  readonly settings: S;
  readonly now: Date;
  /** The opt-in tag prefix (`simian`). */
  readonly tagPrefix: string;
}

/**
 * A report rule: a stable id (the contract's), a default severity, its own parameters (each with a default) and a
 * pure check. Enabling, severity overrides and exclusions are the runner's, alike for every rule.
 */
export interface ReportRule<O = unknown, Shape extends z.ZodRawShape = z.ZodRawShape> {
  readonly id: string;
  readonly severity: Severity;
  /** What the rule looks for, in a line (docs and --help). */
  readonly summary: string;
  /** The resource types its check reads from the snapshot. */
  readonly reads: readonly ResourceTypeName[];
  readonly settings: Shape;
  /** The check also reads what the monkey's prepare step observed (set by `observingRule`). */
  readonly observes?: boolean;
  check(input: RuleInput<O, z.infer<z.ZodObject<Shape>>>): RuleHit[];
}

/** Erases a rule's own settings type, so rules of one monkey fit in one list. */
// biome-ignore lint/suspicious/noExplicitAny: the settings are checked by the rule's own schema at load
export type AnyReportRule<O> = ReportRule<O, any>;

/** A rule that reads the snapshot only (its settings typed from its shape). */
export function defineRule<Shape extends z.ZodRawShape>(rule: ReportRule<unknown, Shape>): ReportRule<unknown, Shape> {
  return rule;
}

/** A rule that also reads what its monkey's prepare step observed: `observingRule<SecurityObserved>()({ ... })`. */
export function observingRule<O>() {
  return <Shape extends z.ZodRawShape>(rule: ReportRule<O, Shape>): ReportRule<O, Shape> => ({
    ...rule,
    observes: true,
  });
}

export interface ReportParams {
  readonly exclude: readonly ReportExclusion[];
  readonly rules: Readonly<Record<string, CommonRuleSettings & Record<string, unknown>>>;
}

/**
 * A report monkey's params schema: `exclude` for every rule, and under `rules` one strict entry per rule id (an
 * unknown id or key is refused with its path) with `enabled`, `severity`, `exclude` and the rule's own keys.
 */
export function reportParamsSchema(rules: readonly AnyReportRule<never>[]): z.ZodType<ReportParams> {
  const entries = Object.fromEntries(
    rules.map((rule) => [
      rule.id,
      z
        .strictObject({ ...commonRuleSettings, ...rule.settings })
        .prefault({})
        .describe(`${rule.summary} (severity ${rule.severity} unless set)`),
    ]),
  );
  return z.strictObject({
    exclude: z
      .array(reportExclusion)
      .default([])
      .describe("Resources spared from every rule's findings (every criterion given must match)"),
    rules: z
      .strictObject(entries)
      .prefault({})
      .describe(
        "Per rule id: enabled, severity, exclude and the rule's own settings; rules left out run with their defaults",
      ),
  }) as unknown as z.ZodType<ReportParams>;
}

/** Which exclusion spares a hit ("excluded by params.rules.instance-too-old.exclude[0] (jump hosts)"), if any. */
function excludedBy(hit: RuleHit, rule: string, params: ReportParams, own: CommonRuleSettings): string | undefined {
  const lists = [
    { path: `params.rules.${rule}.exclude`, list: own.exclude },
    { path: 'params.exclude', list: params.exclude },
  ];
  for (const { path, list } of lists) {
    const index = list.findIndex((exclusion) => exclusionMatches(exclusion, hit));
    const why = list[index]?.reason;
    if (index >= 0) return `excluded by ${path}[${index}]${why ? ` (${why})` : ''}`;
  }
  return undefined;
}

/**
 * Runs every enabled rule over the snapshot: each hit that no exclusion spares (and whose group takes part) becomes a
 * finding with the rule's id, its severity (or the entry's override), the owner its tags name, the account and the
 * region. Spared hits are listed as skipped, with why. Findings come worst first, then by rule and resource.
 */
export function planReport<O>(
  monkey: string,
  rules: readonly AnyReportRule<O>[],
  input: PlanInput<ReportParams, O>,
): Plan & { findings: Finding[] } {
  const { snapshot, params } = input;
  const groups = new Map<string, Group>(snapshot.groups.map((group) => [group.name, group]));
  const ownerKeys = input.tags ?? { owner: 'owner', ownerKeys: [] };
  const findings: Finding[] = [];
  const skipped: Skip[] = [];
  const failedReads = snapshot.failedReads ?? [];
  const notChecked = new Map<FailedRead, string[]>();
  for (const rule of rules) {
    const settings = params.rules[rule.id] ?? { enabled: true, exclude: [] };
    if (!settings.enabled) continue;
    // A rule whose input could not be read is not checked: half a picture would report what is not there.
    const blocking = failedReads.filter((read) => blocks(read, rule));
    for (const read of blocking) notChecked.set(read, [...(notChecked.get(read) ?? []), rule.id]);
    if (blocking.length > 0) continue;
    const hits = rule.check({
      snapshot,
      observed: input.observed as O,
      settings,
      now: input.now,
      tagPrefix: input.tags?.prefix ?? DEFAULT_TAG_PREFIX,
    });
    for (const hit of hits) {
      const group = hit.group === undefined ? undefined : groups.get(hit.group);
      const decision = group ? input.optIn(group) : undefined;
      const optedOut = decision && !decision.eligible ? decision.reason : undefined;
      const spared = optedOut ?? excludedBy(hit, rule.id, params, settings);
      if (spared) {
        const guard = optedOut ? 'opt-in' : 'exclude';
        skipped.push({ resource: hit.resource, group: hit.group ?? null, guard, reason: `${rule.id}: ${spared}` });
        continue;
      }
      findings.push({
        rule: rule.id,
        resource: hit.resource,
        resourceType: hit.resourceType,
        severity: settings.severity ?? hit.severity ?? rule.severity,
        reason: hit.reason,
        owner: ownerTagOf(hit.tags, ownerKeys),
        account: snapshot.account,
        region: snapshot.region,
        details: hit.details ?? {},
      });
    }
  }
  findings.push(...readFailedFindings(snapshot, (read) => notChecked.get(read) ?? []));
  findings.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      a.rule.localeCompare(b.rule) ||
      a.resource.localeCompare(b.resource),
  );
  return { monkey, target: { region: snapshot.region }, actions: [], skipped, findings };
}

/** Whether a failed read leaves a rule without its input: a type it reads, or its monkey's prepare step. */
function blocks(read: FailedRead, rule: { readonly reads: readonly string[]; readonly observes?: boolean }): boolean {
  return rule.reads.includes(read.type) || (read.observed === true && rule.observes === true);
}

/**
 * One critical `read-failed` finding per read the run could not make, naming the AWS call, what AWS answered and the
 * rules left unchecked. It takes no exclusion and no severity override: nothing may hide that a report could not look.
 */
export function readFailedFindings(
  snapshot: Snapshot,
  rulesNotChecked: (read: FailedRead) => readonly string[] = () => [],
): Finding[] {
  return (snapshot.failedReads ?? []).map((read) => {
    const rules = rulesNotChecked(read);
    const unchecked = rules.length > 0 ? `; not checked: ${rules.join(', ')}` : '';
    return {
      rule: READ_FAILED_RULE,
      resource: `${read.call} (${read.region ?? snapshot.region})`,
      resourceType: read.type,
      severity: 'critical',
      reason: `could not read ${read.type} (${read.call} in ${read.region ?? snapshot.region}): ${read.reason}${unchecked}`,
      owner: null,
      account: snapshot.account,
      region: snapshot.region,
      details: { call: read.call, type: read.type, error: read.reason, rulesNotChecked: rules },
    };
  });
}

/** The resource types a set of rules reads, once each. */
export function readsOf(rules: readonly { readonly reads: readonly ResourceTypeName[] }[]): ResourceTypeName[] {
  return [...new Set(rules.flatMap((rule) => rule.reads))];
}
