import { formatDuration } from '../../core/config/duration.js';
import type { GroupMember, Instance } from '../../core/fleet/model.js';
import type { DoctorObserved } from './observe.js';
import { type Comparison, type DoctorRule, type MetricRule, periodOf } from './params.js';

/** A rule that finds an instance sick, and why in words. */
export interface Diagnosis {
  readonly rule: DoctorRule;
  readonly reason: string;
}

const COMPARE: Record<Comparison, (value: number, threshold: number) => boolean> = {
  '>': (value, threshold) => value > threshold,
  '>=': (value, threshold) => value >= threshold,
  '<': (value, threshold) => value < threshold,
  '<=': (value, threshold) => value <= threshold,
};

/**
 * Whether a metric breached for the whole window: at least one datapoint per period of it, every one past the
 * threshold. A gap is no breach: missing data neither hurts nor heals.
 */
export function metricBreach(rule: MetricRule, values: readonly number[]): string | null {
  const needed = Math.max(1, Math.floor(rule.for / periodOf(rule)));
  if (values.length < needed) return null;
  if (!values.every((value) => COMPARE[rule.comparison](value, rule.threshold))) return null;
  const shown = values.map((value) => Number(value.toFixed(2))).join(', ');
  return `${rule.metric} ${rule.statistic} ${rule.comparison} ${rule.threshold} for ${formatDuration(rule.for)} (${shown})`;
}

function judge(rule: DoctorRule, instance: Instance, member: GroupMember, observed: DoctorObserved): string | null {
  switch (rule.source) {
    case 'ec2-status':
      return observed.impaired.get(instance.id) ?? null;
    case 'asg-health':
      return member.healthStatus.toLowerCase() === 'unhealthy' ? 'the Auto Scaling health check says Unhealthy' : null;
    case 'metric':
      return metricBreach(rule, observed.metrics.get(rule.id)?.get(instance.id) ?? []);
  }
}

/** The rules that find the instance sick, in rule order (the first decides the remedy). */
export function diagnose(
  rules: readonly DoctorRule[],
  instance: Instance,
  member: GroupMember,
  observed: DoctorObserved,
): Diagnosis[] {
  return rules.flatMap((rule) => {
    const reason = judge(rule, instance, member, observed);
    return reason ? [{ rule, reason }] : [];
  });
}
