import { chunk } from '../resources/support.js';
import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

export const ALARM_STATES: AccountReadKind = {
  kind: 'alarm-states',
  service: 'CloudWatch',
  permissions: ['cloudwatch:DescribeAlarms'],
};

/** DescribeAlarms takes at most 100 names a call. */
const NAMES_PER_CALL = 100;

/**
 * The state (`OK`, `ALARM`, `INSUFFICIENT_DATA`) of each named metric or composite alarm of the region; a name
 * CloudWatch does not know is absent from the map (the stop-condition guard calls it missing and refuses).
 */
export function alarmStates(names: readonly string[]): AccountRead<Map<string, string | undefined>> {
  return accountRead(
    ALARM_STATES,
    async (clients, target) => {
      // Loaded with the first alarm to read: a run with no stop conditions never pays for the CloudWatch package.
      const { DescribeAlarmsCommand } = await import('@aws-sdk/client-cloudwatch');
      const cloudWatch = clients.cloudWatch(target);
      const states = new Map<string, string | undefined>();
      for (const some of chunk(names, NAMES_PER_CALL)) {
        const answer = await cloudWatch.send(
          new DescribeAlarmsCommand({ AlarmNames: some, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }),
        );
        for (const alarm of [...(answer.MetricAlarms ?? []), ...(answer.CompositeAlarms ?? [])]) {
          if (alarm.AlarmName) states.set(alarm.AlarmName, alarm.StateValue);
        }
      }
      return states;
    },
    { name: `${ALARM_STATES.kind}:${names.join(',')}` },
  );
}
