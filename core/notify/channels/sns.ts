import type { SNSClient } from '@aws-sdk/client-sns';
import type { Channel } from './channel.js';
import { alertText } from './text.js';
import { webhookBody } from './webhook.js';

/**
 * An SNS topic: the text for e-mail/SMS subscribers, the same JSON as a webhook for programs (message attributes
 * carry severity and incident key for subscription filters).
 */
export function snsChannel(options: { name: string; topicArn: string; client: () => SNSClient }): Channel {
  return {
    name: options.name,
    kind: 'sns',
    async deliver(message, signal) {
      const { subject } = alertText(message);
      // Loaded with the first message: a process that never publishes never pays for the SNS package.
      const { PublishCommand } = await import('@aws-sdk/client-sns');
      await options.client().send(
        new PublishCommand({
          TopicArn: options.topicArn,
          Subject: subject,
          Message: JSON.stringify(webhookBody(message)),
          MessageAttributes: {
            severity: { DataType: 'String', StringValue: message.alert.severity },
            incident_key: { DataType: 'String', StringValue: message.alert.incidentKey },
            action: { DataType: 'String', StringValue: message.action },
          },
        }),
        { abortSignal: signal },
      );
    },
  };
}
