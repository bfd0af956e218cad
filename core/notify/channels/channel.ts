import type { AlertMessage } from '../alert.js';

/** One delivery target (PagerDuty, Slack, SNS, SES, a webhook). `deliver` throws when it did not arrive. */
export interface Channel {
  readonly name: string;
  readonly kind: 'pagerduty' | 'slack' | 'sns' | 'ses' | 'webhook';
  deliver(message: AlertMessage, signal: AbortSignal): Promise<void>;
}

/** A delivery that retrying cannot fix (a 4xx other than 408/429, a missing secret): not retried. */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}
