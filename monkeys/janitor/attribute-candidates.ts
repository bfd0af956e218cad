import { exclusionOf, ruleSettings } from './candidates.js';
import type { JanitorParams } from './params.js';
import { rulesOfType } from './rules/index.js';
import { evaluate } from './rules/rule.js';
import { buildUseIndex } from './uses.js';
import { type AttributeCandidates, JANITOR_TYPES, type JanitorType, recordsOf, type World } from './world.js';

/** The types whose own attributes cost a call per resource (sharing, termination protection). */
const COSTLY: readonly JanitorType[] = ['image', 'snapshot', 'rds-snapshot', 'rds-cluster-snapshot', 'instance'];

/**
 * The plan's candidates among images, EBS, RDS and Aurora snapshots and instances: what an enabled rule would mark or delete
 * now (it violates the rule), or whose seen-at clock would start (unused by a rule counted from a tag), judged from
 * every use but the per-resource attributes. Only these need those attributes read: a resource already in use, opted out,
 * excluded or too young is decided without them.
 */
export function attributeCandidates(params: JanitorParams, now: Date): AttributeCandidates {
  return (world: World) => {
    const index = buildUseIndex(world);
    const types = params.types ?? JANITOR_TYPES;
    const ids: string[] = [];
    for (const type of COSTLY.filter((candidate) => types.includes(candidate))) {
      const rules = rulesOfType(type).filter((rule) => ruleSettings(rule, params).enabled);
      for (const record of recordsOf(world, type)) {
        if (exclusionOf(record, params)) continue;
        const acted = rules.some((rule) => {
          const settings = ruleSettings(rule, params);
          if (settings.excludes(record)) return false;
          const verdict = evaluate(rule, record, { index, world, now, days: settings.days });
          return verdict.violation !== null || (verdict.unused !== null && 'tag' in rule.since);
        });
        if (acted) ids.push(record.id);
      }
    }
    return ids;
  };
}
