import type { MonkeyName } from '../config/schema.js';

/** Standard event types of the timeline (Chronos-compatible: any other string is accepted too). */
export const EVENT_TYPES = {
  plan: 'Plan',
  skip: 'Skip',
  action: 'Action',
  failure: 'Failure',
  refused: 'Refused',
  finding: 'Finding',
  revertRegistered: 'RevertRegistered',
  revert: 'Revert',
  killSwitch: 'KillSwitch',
  job: 'Job',
  alert: 'Alert',
  alertFailed: 'AlertFailed',
} as const;

/** One entry of the timeline: every plan, skip, action, failure, revert and kill-switch change. */
export interface SimianEvent {
  /** Stream id, assigned when recorded. */
  id?: string;
  type: string;
  /** Chronos `app`: the group (or "simian" for fleet-wide events). */
  app?: string;
  desc: string;
  monkey: MonkeyName | null;
  dryRun: boolean;
  resource: string | null;
  group: string | null;
  region: string | null;
  zone: string | null;
  account: string | null;
  /** ISO-8601; set by the sink when absent. */
  timestamp?: string;
  runId?: string;
  kind?: string;
  guard?: string;
  reason?: string;
  [extra: string]: unknown;
}

/** Where events go. The Redis stream timeline implements it; tests may collect in memory. */
export interface EventSink {
  record(event: SimianEvent): Promise<void>;
}

/** Collects events in memory (tests, dry runs without Redis). */
export class MemoryEventSink implements EventSink {
  readonly events: SimianEvent[] = [];
  async record(event: SimianEvent): Promise<void> {
    this.events.push({ ...event, timestamp: event.timestamp ?? new Date().toISOString() });
  }
}
