import type { Action, Skip } from '../../core/plan/action.js';
import type { JanitorParams } from './params.js';
import { JANITOR_TYPES, type JanitorType } from './world.js';

/** The most deletions a type allows: its percent of the type's resources, at least one, at most the per-type cap. */
export function typeAllowance(params: JanitorParams, size: number): number {
  const percent = Math.max(1, Math.floor((params.maxPercentPerType * size) / 100 + 1e-9));
  return Math.min(params.maxDeletionsPerType, percent);
}

/**
 * Orders deletions so dependents go first (instances and groups before the launch configurations and images they
 * use, images before their snapshots) and keeps what the caps allow: per run, per type, percent of the type. The rest
 * is spared (guard `caps`) and stays marked for a later run.
 */
export function capDeletions(
  deletions: readonly Action[],
  params: JanitorParams,
  sizeOf: (type: JanitorType) => number,
): { kept: Action[]; spared: Skip[] } {
  const typeOf = (action: Action) => action.params.resourceType as JanitorType;
  const ordered = [...deletions].sort((a, b) => JANITOR_TYPES.indexOf(typeOf(a)) - JANITOR_TYPES.indexOf(typeOf(b)));
  const perType = new Map<JanitorType, number>();
  const kept: Action[] = [];
  const spared: Skip[] = [];
  for (const action of ordered) {
    const type = typeOf(action);
    const count = perType.get(type) ?? 0;
    const allowance = typeAllowance(params, sizeOf(type));
    let reason: string | null = null;
    if (kept.length >= params.maxDeletionsPerRun) {
      reason = `the run already deletes ${kept.length} resource(s) (maxDeletionsPerRun ${params.maxDeletionsPerRun})`;
    } else if (count >= allowance) {
      reason = `the run already deletes ${count} ${type}(s): at most ${allowance} of ${sizeOf(type)} (maxDeletionsPerType ${params.maxDeletionsPerType}, maxPercentPerType ${params.maxPercentPerType}%)`;
    }
    if (reason) {
      spared.push({ resource: action.resource, group: null, guard: 'caps', reason, region: action.region, zone: null });
      continue;
    }
    perType.set(type, count + 1);
    kept.push(action);
  }
  return { kept, spared };
}
