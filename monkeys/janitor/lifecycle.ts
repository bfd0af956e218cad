import type { Calendar } from '../../core/safety/calendar.js';
import { businessDaysAfter } from './business-days.js';
import type { Mark } from './tags.js';

/** The lifecycle's calendar rules, from the params and the config's calendar. */
export interface LifecycleTimes {
  readonly calendar: Calendar | undefined;
  readonly retentionDays: number;
  readonly unownedRetentionDays: number;
  readonly noticeDays: number;
}

/** The delete-after date of a mark made now (longer for a resource with no owner). */
export function deleteAfterFor(now: Date, owned: boolean, times: LifecycleTimes): Date {
  return businessDaysAfter(now, owned ? times.retentionDays : times.unownedRetentionDays, times.calendar);
}

/** The earliest deletion once the owner was told at `notifiedAt`: never before the notice period has passed. */
export function deleteAfterNotice(mark: Pick<Mark, 'deleteAfter'>, notifiedAt: Date, times: LifecycleTimes): Date {
  const noticeEnds = businessDaysAfter(notifiedAt, times.noticeDays, times.calendar);
  const planned = new Date(mark.deleteAfter);
  return noticeEnds > planned ? noticeEnds : planned;
}

/** Why a marked resource may not be deleted yet (null: it is due: past its date, notified long enough ago). */
export function notDueYet(mark: Mark, now: Date, times: LifecycleTimes): string | null {
  if (!mark.notifiedAt) return 'its owner has not been notified yet';
  const noticeEnds = businessDaysAfter(new Date(mark.notifiedAt), times.noticeDays, times.calendar);
  if (now < noticeEnds)
    return `its owner was notified at ${mark.notifiedAt}; the notice runs until ${noticeEnds.toISOString()}`;
  if (now < new Date(mark.deleteAfter)) return `it may be deleted after ${mark.deleteAfter}`;
  return null;
}
