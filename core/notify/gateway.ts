import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { type Clock, systemClock } from '../clock.js';
import { formatDuration } from '../config/duration.js';
import type { NotificationsConfig } from '../config/notifications-schema.js';
import { EVENT_TYPES, type EventSink } from '../events/event.js';
import { recordSafely } from '../events/record-safely.js';
import type { Alert, AlertMessage, AlertReport, ChannelOutcome } from './alert.js';
import type { Channel } from './channels/channel.js';
import { type AlertLedger, type Claim, type ClaimRequest, rateWindow } from './dedup.js';
import { type DigestItem, type DigestOptions, digestAlert } from './digest.js';
import { deliverWithRetries } from './retry.js';
import { routeFor } from './route.js';
import { redactUrls } from './secret.js';

export interface AlertGatewayDeps {
  readonly notifications: NotificationsConfig;
  /** Configured channels by route-table name (channelsFromConfig). */
  readonly channels: ReadonlyMap<string, Channel>;
  readonly ledger: AlertLedger;
  readonly events: EventSink;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly random?: () => number;
}

/** A resolve can come long after its window: the incident is remembered at least this long. */
const REMEMBER_MS = 7 * 86_400_000;

/**
 * The alert gateway: one `send` for every channel. Each routed channel gets an incident once per dedup window,
 * within its rate limit, with bounded retries; a delivery that finally fails is an AlertFailed event. Nothing here
 * rejects: a caller may await the report or not (`notify`), and its own work never depends on the outcome.
 */
export class AlertGateway {
  private readonly clock: Clock;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly deps: AlertGatewayDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  /** The configured channels' names. */
  get channelNames(): string[] {
    return [...this.deps.channels.keys()];
  }

  /** Delivers an alert to its route's channels; resolves with one outcome per channel, never rejects. */
  send(alert: Alert): Promise<AlertReport> {
    return this.track(this.run('trigger', alert, undefined, true));
  }

  /**
   * An incident that got worse (a finding now critical): delivered again even inside its dedup window, still within
   * each channel's rate limit.
   */
  escalate(alert: Alert): Promise<AlertReport> {
    return this.track(
      (async () => {
        await this.deps.ledger
          .rearm(alert.incidentKey, this.channelNames)
          .catch((error) => this.deps.logger.warn({ err: error }, 'could not re-arm an incident; sending it as is'));
        return this.run('trigger', alert, undefined, true);
      })(),
    );
  }

  /** One message to one owner listing every item (routes per owner apply). */
  digest(owner: string, items: readonly DigestItem[], options: DigestOptions): Promise<AlertReport> {
    return this.send(digestAlert(owner, items, options));
  }

  /** Fire and forget: for a monkey's action, which must never wait on a channel. */
  notify(alert: Alert): void {
    void this.send(alert);
  }

  /** Tells the channels an incident went to that it cleared (once per window). */
  resolve(incidentKey: string): Promise<AlertReport> {
    return this.track(
      (async () => {
        const remembered = await this.deps.ledger.recall<Alert>(incidentKey).catch(() => undefined);
        const alert: Alert = remembered?.alert ?? {
          cluster: 'simian',
          severity: 'info',
          desc: 'resolved',
          incidentKey,
        };
        // In the configured order, as a send lists them.
        const order = this.channelNames;
        const channels = remembered?.channels.sort((a, b) => order.indexOf(a) - order.indexOf(b));
        return this.run('resolve', alert, channels, true);
      })().catch((error) => this.unexpected('resolve', incidentKey, error)),
    );
  }

  /** A test message to every configured channel (or the one named), bypassing dedup and routes. */
  test(channel?: string): Promise<AlertReport> {
    const at = this.clock.now().toISOString();
    const alert: Alert = {
      cluster: 'simian',
      severity: 'info',
      desc: 'simian alert test: this channel is configured',
      incidentKey: `simian-test-${at}-${randomUUID().slice(0, 8)}`,
      details: { test: true },
    };
    return this.track(this.run('trigger', alert, channel ? [channel] : this.channelNames, false));
  }

  /** Waits for every send still in flight (a worker's shutdown). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track(report: Promise<AlertReport>): Promise<AlertReport> {
    this.pending.add(report);
    void report.finally(() => this.pending.delete(report));
    return report;
  }

  private async run(
    action: 'trigger' | 'resolve',
    alert: Alert,
    route: readonly string[] | undefined,
    dedup: boolean,
  ): Promise<AlertReport> {
    try {
      const { notifications } = this.deps;
      const names = route ?? routeFor(alert, notifications, this.channelNames);
      const at = this.clock.now().toISOString();
      const link =
        notifications.dashboardUrl && alert.eventId
          ? `${notifications.dashboardUrl.replace(/\/$/, '')}/?event=${encodeURIComponent(alert.eventId)}`
          : undefined;
      const message: AlertMessage = { action, alert, at, ...(link ? { link } : {}) };
      const outcomes = await Promise.all(names.map((name) => this.deliver(name, message, dedup)));
      if (action === 'trigger' && dedup) {
        const sent = outcomes.filter((o) => o.status !== 'failed' && o.status !== 'rate-limited').map((o) => o.channel);
        await this.deps.ledger
          .remember(alert.incidentKey, alert, sent, Math.max(REMEMBER_MS, notifications.dedupWindow))
          .catch((error) => this.deps.logger.warn({ err: error }, 'could not remember an alert for its resolve'));
      }
      const report: AlertReport = { action, incidentKey: alert.incidentKey, outcomes };
      await this.record(report, alert);
      return report;
    } catch (error) {
      return this.unexpected(action, alert.incidentKey, error);
    }
  }

  private async deliver(name: string, message: AlertMessage, dedup: boolean): Promise<ChannelOutcome> {
    const channel = this.deps.channels.get(name);
    if (!channel) return { channel: name, status: 'failed', attempts: 0, reason: 'no such channel is configured' };
    const { notifications, ledger, logger } = this.deps;
    // Findings traffic spends its own budget: a big report run never starves a person's or a failed revert's alert.
    const budget: ClaimRequest['budget'] = message.alert.findings ? 'findings' : 'alerts';
    const limit =
      budget === 'findings'
        ? notifications.findings.rateLimit
        : (notifications.rateLimits[name] ?? notifications.rateLimit);
    const claim = {
      channel: name,
      budget,
      action: message.action,
      incidentKey: message.alert.incidentKey,
      token: randomUUID(),
      windowMs: notifications.dedupWindow,
      rate: { max: limit.max, perMs: limit.per },
      nowMs: this.clock.now().getTime(),
    };
    let claimed: Claim = 'deliver';
    let ledgerDown = false;
    if (dedup) {
      try {
        claimed = await ledger.claim(claim);
      } catch (error) {
        // Better told twice than not at all: without Redis, deliver undeduplicated.
        ledgerDown = true;
        logger.warn({ err: error, channel: name }, 'alert dedup unavailable; delivering without it');
      }
    }
    if (claimed === 'deduplicated') return { channel: name, status: 'deduplicated', attempts: 0 };
    if (claimed === 'rate-limited') {
      const what = budget === 'findings' ? 'findings rate limit' : 'rate limit';
      const reason = `${what} of ${limit.max} per ${formatDuration(limit.per)} reached`;
      const retryAfterMs = rateWindow(claim.nowMs, limit.per).endsInMs;
      logger.warn({ channel: name, incidentKey: claim.incidentKey, reason, retryAfterMs }, 'alert rate-limited');
      return { channel: name, status: 'rate-limited', attempts: 0, reason, retryAfterMs };
    }
    const result = await deliverWithRetries(channel, message, notifications.retry, this.deps.random);
    if (result.error === undefined) return { channel: name, status: 'sent', attempts: result.attempts };
    // Whatever a channel's failure says, a URL in it (a credential, often) goes no further: not to logs, events, output.
    const reason = redactUrls(result.error);
    if (dedup && !ledgerDown) {
      // Not delivered: the next send of this incident may try again.
      await ledger.release(claim).catch(() => undefined);
    }
    logger.warn({ channel: name, incidentKey: claim.incidentKey, reason }, 'alert delivery failed');
    return { channel: name, status: 'failed', attempts: result.attempts, reason };
  }

  private async record(report: AlertReport, alert: Alert): Promise<void> {
    const { events, logger } = this.deps;
    const base = {
      app: alert.cluster,
      monkey: alert.monkey ?? null,
      dryRun: false,
      resource: alert.resource ?? null,
      group: null,
      region: alert.region ?? null,
      zone: null,
      account: alert.account ?? null,
      incidentKey: alert.incidentKey,
      severity: alert.severity,
      action: report.action,
    };
    const summary = report.outcomes.map((o) => `${o.channel}: ${o.status}`).join(', ') || 'no channel routed';
    await recordSafely(events, logger, {
      ...base,
      type: EVENT_TYPES.alert,
      desc: `${report.action} ${alert.incidentKey} (${summary})`,
      outcomes: report.outcomes,
    });
    for (const outcome of report.outcomes) {
      if (outcome.status !== 'failed' && outcome.status !== 'rate-limited') continue;
      await recordSafely(events, logger, {
        ...base,
        type: EVENT_TYPES.alertFailed,
        desc: `${report.action} ${alert.incidentKey} not delivered to ${outcome.channel}: ${outcome.reason}`,
        channel: outcome.channel,
        reason: outcome.reason,
        attempts: outcome.attempts,
      });
    }
  }

  private unexpected(action: 'trigger' | 'resolve', incidentKey: string, error: unknown): AlertReport {
    const reason = redactUrls(error instanceof Error ? error.message : String(error));
    this.deps.logger.error({ reason, incidentKey }, 'alert gateway failed');
    return { action, incidentKey, outcomes: [{ channel: '*', status: 'failed', attempts: 0, reason }] };
  }
}
