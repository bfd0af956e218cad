import { type RevertRecord, RevertRegistry } from '../../actuator/revert-registry.js';
import { type AlarmRef, alarmsFiring } from '../../safety/stop-conditions.js';
import { cached } from './cached.js';
import type { DashboardContext } from './deps.js';

/** One configured stop-condition alarm in one region, as CloudWatch reports it now. */
export interface StopConditionRow extends AlarmRef {
  /** firing = in ALARM (runs are refused); missing = CloudWatch does not know it (runs are refused too). */
  readonly state: 'ok' | 'firing' | 'missing' | 'unknown';
}

/** `GET /api/v1/dashboard/reverts`. */
export interface RevertsView {
  /** Open reverts (pending, being applied, or failed and waiting for another try), by deadline. */
  readonly reverts: readonly RevertRecord[];
  readonly stopConditions: readonly StopConditionRow[];
  /** Why the stop conditions could not be read (each such alarm is then `unknown`). */
  readonly stopConditionError: string | null;
}

export function revertRegistryOf(context: DashboardContext): RevertRegistry {
  return new RevertRegistry(context.redis, { prefix: context.config().global.redis.prefix });
}

/** Reads the configured alarms in each configured region (an alarm naming its region, only there). */
async function stopConditions(
  context: DashboardContext,
): Promise<Pick<RevertsView, 'stopConditions' | 'stopConditionError'>> {
  const { global } = context.config();
  const rows = new Map<string, StopConditionRow>();
  let error: string | null = null;
  for (const region of global.regions) {
    const configured = global.stopConditions.alarms.map((alarm) => ({
      name: alarm.name,
      region: alarm.region ?? region,
    }));
    const key = (alarm: AlarmRef) => `${alarm.region}\n${alarm.name}`;
    try {
      const account = await context.account(region);
      const state = await alarmsFiring(context.clients.readOnly(), global, region, {
        account: account.id,
        ...(account.roleArn ? { roleArn: account.roleArn } : {}),
      });
      const firing = new Set(state.firing.map(key));
      const missing = new Set(state.missing.map(key));
      for (const alarm of configured) {
        const state = firing.has(key(alarm)) ? 'firing' : missing.has(key(alarm)) ? 'missing' : 'ok';
        rows.set(key(alarm), { ...alarm, state });
      }
    } catch (problem) {
      error = problem instanceof Error ? problem.message : String(problem);
      for (const alarm of configured) if (!rows.has(key(alarm))) rows.set(key(alarm), { ...alarm, state: 'unknown' });
    }
  }
  return { stopConditions: [...rows.values()], stopConditionError: error };
}

/** CloudWatch is asked at most this often, however many pages poll. */
export const STOP_CONDITIONS_CACHE_MS = 15_000;

/** Pending reverts with their deadlines (read fresh), and the stop conditions with their states (cached). */
export function revertsViewSource(context: DashboardContext): () => Promise<RevertsView> {
  const stops = cached(STOP_CONDITIONS_CACHE_MS, context.clock, () => stopConditions(context));
  return async () => {
    const [reverts, alarms] = await Promise.all([revertRegistryOf(context).pending(), stops()]);
    return { reverts, ...alarms };
  };
}
