import { alarmStates } from '../aws/account-reads/alarm-states.js';
import type { AwsClients, AwsTarget } from '../aws/clients.js';
import type { GlobalConfig } from '../config/schema.js';
import { ALLOW, type RunGuard, refusal, type Verdict } from './guard.js';
import { runTarget } from './run-target.js';

export interface AlarmRef {
  readonly name: string;
  readonly region: string;
}

export interface StopConditionState {
  /** Alarms in state ALARM. */
  readonly firing: readonly AlarmRef[];
  /** Alarms named in config that CloudWatch does not know: a stop condition that cannot fire is no protection. */
  readonly missing: readonly AlarmRef[];
}

/**
 * Reads the stop-condition alarms of config.stopConditions (each in its own region, else `region`). Throws when
 * CloudWatch cannot be asked; callers fail closed. The revert machinery uses it to end a running fault early.
 */
export async function alarmsFiring(
  clients: AwsClients,
  config: GlobalConfig,
  region: string,
  account: Omit<AwsTarget, 'region'> = {},
): Promise<StopConditionState> {
  const byRegion = new Map<string, string[]>();
  for (const alarm of config.stopConditions.alarms) {
    const where = alarm.region ?? region;
    byRegion.set(where, [...(byRegion.get(where) ?? []), alarm.name]);
  }
  const firing: AlarmRef[] = [];
  const missing: AlarmRef[] = [];
  for (const [where, names] of byRegion) {
    const states = await alarmStates(names).read(clients, { ...account, region: where });
    for (const name of names) {
      if (!states.has(name)) missing.push({ name, region: where });
      else if (states.get(name) === 'ALARM') firing.push({ name, region: where });
    }
  }
  return { firing, missing };
}

function refuse(reason: string): Verdict {
  return refusal('stop-condition', reason);
}

const list = (alarms: readonly AlarmRef[]) => alarms.map((alarm) => `${alarm.name} (${alarm.region})`).join(', ');

/** Refuses the run while any stop-condition alarm is in ALARM, missing, or cannot be read. */
export function stopConditionGuard(clients: AwsClients): RunGuard {
  return {
    name: 'stop-condition',
    async check(run) {
      if (run.config.stopConditions.alarms.length === 0) return ALLOW;
      const { region, ...account } = runTarget(run);
      let state: StopConditionState;
      try {
        state = await alarmsFiring(clients, run.config, region, account);
      } catch (error) {
        return refuse(
          `stop conditions could not be checked: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (state.firing.length > 0) return refuse(`stop condition alarm in ALARM: ${list(state.firing)}`);
      if (state.missing.length > 0) return refuse(`stop condition alarm does not exist: ${list(state.missing)}`);
      return ALLOW;
    },
  };
}
