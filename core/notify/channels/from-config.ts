import type { AwsClients } from '../../aws/clients.js';
import { type NotificationsConfig, webhookNames } from '../../config/notifications-schema.js';
import type { Channel } from './channel.js';
import { pagerdutyChannel } from './pagerduty.js';
import { sesChannel } from './ses.js';
import { slackChannel } from './slack.js';
import { snsChannel } from './sns.js';
import { webhookChannel } from './webhook.js';

/** The region of an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>). */
function arnRegion(arn: string): string {
  return arn.split(':')[3] || 'us-east-1';
}

/** Every configured channel by its route-table name. AWS clients are made on first delivery. */
export function channelsFromConfig(notifications: NotificationsConfig, clients: AwsClients): Map<string, Channel> {
  const channels: Channel[] = [];
  const { pagerduty, slack, sns, ses } = notifications;
  if (pagerduty) {
    channels.push(
      pagerdutyChannel({
        name: 'pagerduty',
        endpointUrl: pagerduty.endpointUrl,
        routingKey: { value: pagerduty.routingKey, env: pagerduty.routingKeyEnv, file: pagerduty.routingKeyFile },
      }),
    );
  }
  if (slack) {
    channels.push(
      slackChannel({
        name: 'slack',
        webhookUrl: { value: slack.webhookUrl, env: slack.webhookUrlEnv, file: slack.webhookUrlFile },
      }),
    );
  }
  if (sns) {
    const region = sns.region ?? arnRegion(sns.topicArn);
    channels.push(snsChannel({ name: 'sns', topicArn: sns.topicArn, client: () => clients.sns({ region }) }));
  }
  if (ses) {
    channels.push(
      sesChannel({
        name: 'ses',
        from: ses.from,
        to: ses.to,
        toOwner: ses.toOwner,
        client: () => clients.ses({ region: ses.region }),
      }),
    );
  }
  const names = webhookNames(notifications.webhooks);
  notifications.webhooks.forEach((webhook, index) => {
    channels.push(
      webhookChannel({
        name: names[index] as string,
        url: { value: webhook.url, env: webhook.urlEnv, file: webhook.urlFile },
        secret: { value: webhook.secret, env: webhook.secretEnv, file: webhook.secretFile },
      }),
    );
  });
  return new Map(channels.map((channel) => [channel.name, channel]));
}
