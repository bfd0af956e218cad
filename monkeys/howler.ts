import type { Finding } from '../core/plan/finding.js';
import type { Monkey } from '../core/run/monkey.js';
import { LIMITS, type LimitDefinition, quotaArn } from './howler/limits.js';
import type { HowlerObserved, ObservedLimit } from './howler/observe.js';
import { type HowlerParams, howlerParams, isEnabled, thresholdsOf } from './howler/settings.js';
import { describeThreshold, percentOf, severityOf } from './howler/thresholds.js';
import { readFailedFindings } from './shared/report-rules.js';

/** Where the limit's value came from, in words. */
function sourceText(definition: LimitDefinition, observed: ObservedLimit): string {
  if (observed.source === 'service-quotas') return `Service Quotas ${definition.quotaCode}`;
  if (observed.source === 'api') return `${definition.api?.call ?? 'the service API'}`;
  return 'the AWS default';
}

/** The limits a run in this region reads: the enabled ones, the per-account ones only in params.globalRegion. */
export function limitsFor(params: HowlerParams, region: string): LimitDefinition[] {
  return LIMITS.filter((limit) => isEnabled(params, limit.id) && (!limit.global || region === params.globalRegion));
}

function findingOf(
  definition: LimitDefinition,
  observed: ObservedLimit,
  params: HowlerParams,
  where: { account: string; region: string },
): Finding | undefined {
  const levels = thresholdsOf(params, definition.id);
  const severity = severityOf(observed.usage, observed.limit, levels) ?? (params.reportAll ? 'info' : undefined);
  if (!severity) return undefined;
  const percent = percentOf(observed.usage, observed.limit);
  const level = severity === 'info' ? undefined : levels[severity];
  const why = level ? `, ${severity} at ${describeThreshold(level)}` : '';
  return {
    rule: definition.id,
    resource: quotaArn(definition, where.account, definition.global ? params.globalRegion : where.region),
    resourceType: 'quota',
    severity,
    reason: `${observed.usage} of ${observed.limit} ${definition.title} in use (${percent}%${why}; limit from ${sourceText(definition, observed)})`,
    owner: null,
    account: where.account,
    region: where.region,
    details: {
      usage: observed.usage,
      limit: observed.limit,
      percent,
      source: observed.source,
      quotaCode: definition.quotaCode,
      unavailable: observed.unavailable,
    },
  };
}

/**
 * Howler: how close the account is to its AWS limits. Usage is counted from the service APIs, each limit read
 * from Service Quotas, else the service's own API, else AWS's documented default (`details.source` says which).
 * A limit at its warning threshold (80 % by default) is a warning, at its critical one (95 %) critical.
 */
export const howler: Monkey<HowlerParams, HowlerObserved> = {
  name: 'howler',
  kind: 'report',
  description: 'Report AWS usage against its limits, from Service Quotas, service APIs or documented defaults',
  params: howlerParams,
  // Everything Howler reads comes from its own prepare step: the snapshot lists nothing.
  reads: [],
  observes: 'quota',
  async prepare({ params, clients, target }) {
    // Loaded on use (SDK and all): the registry imports every monkey, `simian --help` included.
    const { observeLimits } = await import('./howler/observe.js');
    return observeLimits(limitsFor(params, target.region), clients, target);
  },
  plan({ snapshot, params, observed }) {
    const where = { account: snapshot.account, region: snapshot.region };
    const found = new Map((observed?.limits ?? []).map((limit) => [limit.id, limit]));
    const findings = LIMITS.flatMap((definition) => {
      const limit = found.get(definition.id);
      const finding = limit ? findingOf(definition, limit, params, where) : undefined;
      return finding ? [finding] : [];
    });
    // A failed read leaves the limits unknown: the run says so rather than reporting nothing.
    findings.push(...readFailedFindings(snapshot));
    return { monkey: 'howler', target: { region: snapshot.region }, actions: [], skipped: [], findings };
  },
};
