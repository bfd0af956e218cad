import type { Plan, RunReport } from './action.js';

/**
 * The plan as a report of planned actions, for the confirmation of an armed run (no guard asked, nothing recorded):
 * what the CLI prints before it asks for the zone, region or id to be typed back.
 */
export function plannedReport(plan: Plan, dryRun: boolean): RunReport {
  return {
    monkey: plan.monkey,
    dryRun,
    target: { ...plan.target },
    actions: plan.actions.map((action) => ({
      kind: action.kind,
      resource: action.resource,
      group: action.group,
      region: action.region,
      zone: action.zone,
      status: 'planned',
      reason: null,
      revertAt: null,
      ...(action.details ? { details: action.details } : {}),
    })),
    skipped: [...plan.skipped],
    summary: { planned: plan.actions.length, done: 0, failed: 0, skipped: plan.skipped.length },
  };
}
