import type { Group } from '../core/fleet/model.js';
import { decideOptIn } from '../core/fleet/opt-in.js';
import { allMonkeys } from '../monkeys/index.js';
import type { Comparison, Row } from './comparison.js';
import type { PlanningSize } from './planning.js';
import { PLANNING_REGION, planningSnapshot } from './planning-fleet.js';

// Covered with hand-written plans of their own in bench/planning.ts; Janitor and Howler plan from what their prepare
// step read (the account's volumes, images, quotas), not from the instances.
const ELSEWHERE = new Set(['chaos', 'gorilla', 'kong', 'janitor', 'howler']);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * The rest of the army's plans over the same in-memory fleet: each monkey's real plan with its default params, next
 * to the least any plan must do (one pass over the instances making one record per output the monkey made), in ms
 * per 1,000 instances. The target is under 1 s per monkey for the whole fleet.
 */
export function benchArmyPlanning(size: PlanningSize): Comparison {
  const snapshot = planningSnapshot(size.groups, size.instances);
  const where = { account: snapshot.account, region: snapshot.region };
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const monkey of allMonkeys()) {
    if (ELSEWHERE.has(monkey.name)) continue;
    const optIn = (group: Group) => decideOptIn(group, monkey, undefined, where);
    const params = (monkey.params as { parse(input: unknown): unknown }).parse({});
    const plan = () =>
      monkey.plan({ snapshot, params, optIn, random: Math.random, now: new Date(), observed: undefined });
    let outputs = 0;
    const ours: number[] = [];
    const floor: number[] = [];
    for (let run = 0; run <= size.runs; run++) {
      const start = performance.now();
      const made = plan();
      const ms = performance.now() - start;
      outputs = made.actions.length + made.skipped.length + (made.findings?.length ?? 0);
      const baseStart = performance.now();
      // The least a plan that reads every instance does: group them once, then make its records.
      const byGroup = new Map<string, string[]>();
      for (const instance of snapshot.instances) {
        const key = instance.group ?? '';
        const members = byGroup.get(key);
        if (members) members.push(instance.id);
        else byGroup.set(key, [instance.id]);
      }
      const records: { resource: string; reason: string }[] = [];
      for (let index = 0; index < outputs; index++) {
        const instance = snapshot.instances[index % snapshot.instances.length];
        records.push({ resource: instance?.id ?? '', reason: `${monkey.name}: ${instance?.group ?? 'none'}` });
      }
      const baseMs = performance.now() - baseStart;
      // The first run warms up both sides.
      if (run > 0) {
        ours.push(ms);
        floor.push(baseMs);
      }
    }
    const perThousand = size.instances / 1000;
    rows.push({
      metric: `${monkey.name} plan, per 1,000 instances`,
      ours: median(ours) / perThousand,
      baseline: median(floor) / perThousand,
      unit: 'ms',
      better: 'lower',
    });
    notes.push(
      `${monkey.name}: ${Math.round(median(ours))} ms for all ${size.instances.toLocaleString('en-US')}, ${outputs.toLocaleString('en-US')} actions, skips and findings`,
    );
  }
  return {
    title: `Planning CPU, the rest of the army: ${size.instances.toLocaleString('en-US')} instances in ${size.groups.toLocaleString('en-US')} groups (in memory, ${PLANNING_REGION})`,
    rows,
    notes: [
      `median of ${size.runs} runs after one warm-up; target: under 1 s per monkey for the whole fleet`,
      ...notes,
      "baseline: one pass grouping the instances by group, then one record per output the monkey's plan made (the least a plan that reads every instance does)",
      'Janitor and Howler plan from what their prepare step read, not from the instances: their sweeps are timed in AWS calls, not here',
    ],
  };
}
