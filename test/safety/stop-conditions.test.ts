import { PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../core/aws/clients.js';
import { alarmsFiring, stopConditionGuard } from '../../core/safety/stop-conditions.js';
import { freePort } from '../../core/sandbox/peers.js';
import { testClients } from '../support/env.js';
import { configWith, runContext } from './run-context.js';

const clients = testClients();
afterAll(() => clients.destroy());

async function putAlarm(name: string, region: string, state: 'OK' | 'ALARM') {
  const cloudWatch = clients.cloudWatch({ region });
  await cloudWatch.send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      Namespace: 'Simian/Test',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
  );
  await cloudWatch.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: 'test' }));
}

beforeAll(async () => {
  await Promise.all([
    putAlarm('api-5xx', 'us-east-1', 'OK'),
    putAlarm('latency-p99', 'us-west-2', 'ALARM'),
    putAlarm('web-5xx', 'us-east-1', 'ALARM'),
  ]);
});

const withAlarms = (alarms: { name: string; region?: string }[]) =>
  runContext({ config: configWith({ stopConditions: { alarms } }) });

describe('stop conditions', () => {
  it('let a run through while every alarm is OK', async () => {
    expect(await stopConditionGuard(clients).check(withAlarms([{ name: 'api-5xx' }]))).toEqual({ allow: true });
  });

  it('refuse a run while an alarm (in its own region) is in ALARM', async () => {
    const run = withAlarms([{ name: 'api-5xx' }, { name: 'latency-p99', region: 'us-west-2' }]);
    expect(await stopConditionGuard(clients).check(run)).toEqual({
      allow: false,
      guard: 'stop-condition',
      scope: 'run',
      reason: 'stop condition alarm in ALARM: latency-p99 (us-west-2)',
    });
  });

  it('refuse a run when a named alarm does not exist', async () => {
    const verdict = await stopConditionGuard(clients).check(withAlarms([{ name: 'no-such-alarm' }]));
    expect(verdict).toMatchObject({
      allow: false,
      reason: 'stop condition alarm does not exist: no-such-alarm (us-east-1)',
    });
  });

  it('refuse a run when CloudWatch cannot be asked', async () => {
    const unreachable = new AwsClients({ endpointUrl: `http://127.0.0.1:${await freePort()}`, maxAttempts: 1 });
    try {
      const verdict = await stopConditionGuard(unreachable).check(withAlarms([{ name: 'api-5xx' }]));
      expect(verdict).toMatchObject({
        allow: false,
        reason: expect.stringMatching(/^stop conditions could not be checked: /),
      });
    } finally {
      unreachable.destroy();
    }
  });

  it('alarmsFiring lists what fires, for an early revert', async () => {
    const config = configWith({ stopConditions: { alarms: [{ name: 'web-5xx' }, { name: 'api-5xx' }] } });
    expect(await alarmsFiring(clients, config, 'us-east-1')).toEqual({
      firing: [{ name: 'web-5xx', region: 'us-east-1' }],
      missing: [],
    });
  });
});
