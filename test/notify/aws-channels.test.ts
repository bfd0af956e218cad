import { GetSendQuotaCommand, VerifyEmailIdentityCommand } from '@aws-sdk/client-ses';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import '../support/per-file.js';
import { testClients, testRedis } from '../support/env.js';
import { PYCON, testGateway } from './harness.js';

const redis = testRedis();
const clients = testClients();
const target = { region: 'us-east-1' };

afterAll(() => {
  clients.destroy();
  redis.disconnect();
});

describe('SNS channel (moto)', () => {
  it('publishes the alert; an SQS subscriber reads it back field by field', async () => {
    const { TopicArn } = await clients.sns(target).send(new CreateTopicCommand({ Name: 'simian-alerts' }));
    const { QueueUrl } = await clients.sqs(target).send(new CreateQueueCommand({ QueueName: 'alerts-reader' }));
    const { Attributes } = await clients
      .sqs(target)
      .send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await clients.sns(target).send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }));

    const { gateway } = testGateway(redis, { sns: { topicArn: TopicArn } });
    const report = await gateway.send({ ...PYCON, owner: 'team-a' });
    expect(report.outcomes).toEqual([{ channel: 'sns', status: 'sent', attempts: 1 }]);

    const { Messages } = await clients
      .sqs(target)
      .send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 5 }));
    expect(Messages).toHaveLength(1);
    const envelope = JSON.parse(Messages?.[0]?.Body ?? '{}');
    expect(envelope.TopicArn).toBe(TopicArn);
    expect(envelope.Subject).toBe('[simian] warning: Pycon rocks!');
    expect(envelope.MessageAttributes.severity).toEqual({ Type: 'String', Value: 'warning' });
    expect(envelope.MessageAttributes.incident_key).toEqual({ Type: 'String', Value: 'PyconAlert' });
    expect(JSON.parse(envelope.Message)).toMatchObject({
      action: 'trigger',
      cluster: 'pycon',
      severity: 'warning',
      desc: 'Pycon rocks!',
      incident_key: 'PyconAlert',
      details: 'PyCon is the awesomest!',
      owner: 'team-a',
    });
  });
});

describe('SES channel (moto)', () => {
  it('mails the configured recipients and the owner; moto counts both', async () => {
    await clients.ses(target).send(new VerifyEmailIdentityCommand({ EmailAddress: 'simian@example.com' }));
    const { gateway } = testGateway(redis, { ses: { from: 'simian@example.com', to: ['oncall@example.com'] } });
    const report = await gateway.send({ ...PYCON, owner: 'team-a@example.com' });
    expect(report.outcomes).toEqual([{ channel: 'ses', status: 'sent', attempts: 1 }]);
    const quota = await clients.ses(target).send(new GetSendQuotaCommand({}));
    expect(quota.SentLast24Hours).toBe(2);

    // The message itself, read back from moto's model data.
    const data = (await (await fetch(`${process.env.AWS_ENDPOINT_URL}/moto-api/data.json`)).json()) as {
      ses?: { Message?: Array<{ source: string; subject: string; body: string; destinations: unknown }> };
    };
    const mail = data.ses?.Message?.find((message) => message.subject === '[simian] warning: Pycon rocks!');
    expect(mail?.source).toBe('simian@example.com');
    expect(JSON.stringify(mail?.destinations)).toContain('oncall@example.com');
    expect(JSON.stringify(mail?.destinations)).toContain('team-a@example.com');
    expect(mail?.body.split('\n').slice(0, 8)).toEqual([
      'Pycon rocks!',
      '',
      'Severity: warning',
      'Where: pycon',
      expect.stringMatching(/^When: \d{4}-\d\d-\d\dT/),
      'Owner: team-a@example.com',
      'Incident: PyconAlert',
      '',
    ]);
    expect(mail?.body).toContain('PyCon is the awesomest!');
  });

  it('an unverified sender is refused by SES: failed with the reason, the caller unaffected', async () => {
    const { gateway } = testGateway(redis, {
      ses: { from: 'nobody@unverified.example.com', to: ['oncall@example.com'] },
      retry: { attempts: 1 },
    });
    const [outcome] = (await gateway.send(PYCON)).outcomes;
    expect(outcome).toMatchObject({ channel: 'ses', status: 'failed', attempts: 1 });
    expect(outcome?.reason).toMatch(/authority|verif/i);
  });
});
