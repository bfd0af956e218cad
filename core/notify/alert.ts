import type { Severity } from '../config/notifications-schema.js';

export type { Severity } from '../config/notifications-schema.js';
export { SEVERITIES } from '../config/notifications-schema.js';

/** What anyone hands the gateway (the talk's gateway.send): nobody needs to know a channel's API. */
export interface Alert {
  /** Where: the cluster, application or group the alert is about. */
  readonly cluster: string;
  readonly severity: Severity;
  /** What happened, one sentence. */
  readonly desc: string;
  /** One incident, however often it is sent: delivered once per channel within the dedup window. */
  readonly incidentKey: string;
  readonly details?: unknown;
  /** Who is told when the route table has an owner row for them (and the SES recipient when an address). */
  readonly owner?: string | null;
  /** The monkey sending, for routes per monkey. */
  readonly monkey?: string | null;
  readonly account?: string | null;
  readonly region?: string | null;
  readonly resource?: string | null;
  /** How to opt out of this, in words (shown in Slack and e-mail). */
  readonly optOut?: string;
  /** The timeline event it is about (the Slack link to the dashboard). */
  readonly eventId?: string;
  /**
   * Part of a report run's findings traffic: an owner's digest, or one finding's own incident (sent only where a
   * route asks for them). It spends the findings budget, so it never starves anyone else's alert.
   */
  readonly findings?: 'digest' | 'incident';
}

/** A trigger or a resolve, as each channel receives it. */
export interface AlertMessage {
  readonly action: 'trigger' | 'resolve';
  readonly alert: Alert;
  /** ISO-8601 time the gateway took it. */
  readonly at: string;
  /** Dashboard link to the event, when configured. */
  readonly link?: string;
}

export type ChannelStatus = 'sent' | 'deduplicated' | 'rate-limited' | 'failed';

/** What became of one alert on one channel. */
export interface ChannelOutcome {
  readonly channel: string;
  readonly status: ChannelStatus;
  /** Delivery attempts made (0 when deduplicated or rate-limited). */
  readonly attempts: number;
  /** Why it failed or was rate-limited (never a URL or secret). */
  readonly reason?: string;
  /** Rate-limited: when the limit's window ends and a send may be tried again (ms from now). */
  readonly retryAfterMs?: number;
}

/** What became of one send or resolve: one outcome per routed channel. */
export interface AlertReport {
  readonly action: 'trigger' | 'resolve';
  readonly incidentKey: string;
  readonly outcomes: readonly ChannelOutcome[];
}

/** Whether every routed channel got it (sent) or already had it (deduplicated). */
export function delivered(report: AlertReport): boolean {
  return report.outcomes.every((outcome) => outcome.status === 'sent' || outcome.status === 'deduplicated');
}

/** What a monkey's machinery holds to tell people: fire and forget (the gateway's `notify`). */
export interface AlertSender {
  notify(alert: Alert): void;
}
