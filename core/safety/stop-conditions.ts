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

/** DescribeAlarms takes up to 100 names per call. */
const NAMES_PER_CALL = 100;

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
    // Loaded with the first alarm to read: a run with no stop conditions never pays for the CloudWatch package.
    const { DescribeAlarmsCommand } = await import('@aws-sdk/client-cloudwatch');
    const cloudWatch = clients.cloudWatch({ ...account, region: where });
    for (let start = 0; start < names.length; start += NAMES_PER_CALL) {
      const chunk = names.slice(start, start + NAMES_PER_CALL);
      const answer = await cloudWatch.send(
        new DescribeAlarmsCommand({ AlarmNames: chunk, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }),
      );
      const states = new Map<string, string | undefined>();
      for (const alarm of [...(answer.MetricAlarms ?? []), ...(answer.CompositeAlarms ?? [])]) {
        if (alarm.AlarmName) states.set(alarm.AlarmName, alarm.StateValue);
      }
      for (const name of chunk) {
        if (!states.has(name)) missing.push({ name, region: where });
        else if (states.get(name) === 'ALARM') firing.push({ name, region: where });
      }
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
