import type { SESClient } from '@aws-sdk/client-ses';
import { type Channel, PermanentDeliveryError } from './channel.js';
import { alertText } from './text.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** E-mail through SES: to the configured addresses, and to the owner when the owner is an address. */
export function sesChannel(options: {
  name: string;
  from: string;
  to: readonly string[];
  toOwner: boolean;
  client: () => SESClient;
}): Channel {
  return {
    name: options.name,
    kind: 'ses',
    async deliver(message, signal) {
      const owner = message.alert.owner;
      const to = new Set(options.to);
      if (options.toOwner && owner && EMAIL.test(owner)) to.add(owner);
      if (to.size === 0) throw new PermanentDeliveryError('no recipient (no "to" configured and no owner address)');
      const { subject, body } = alertText(message);
      // Loaded with the first e-mail: a process that never sends one never pays for the SES package.
      const { SendEmailCommand } = await import('@aws-sdk/client-ses');
      await options.client().send(
        new SendEmailCommand({
          Source: options.from,
          Destination: { ToAddresses: [...to] },
          Message: { Subject: { Data: subject, Charset: 'UTF-8' }, Body: { Text: { Data: body, Charset: 'UTF-8' } } },
        }),
        { abortSignal: signal },
      );
    },
  };
}
