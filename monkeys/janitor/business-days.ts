import { DateTime } from 'luxon';
import { type Calendar, publicHoliday } from '../../core/safety/calendar.js';

/** Weekends and the calendar's public holidays are not business days; with no calendar, weekends only. */
function isBusinessDay(day: DateTime, calendar: Calendar | undefined): boolean {
  if (day.weekday > 5) return false;
  return !publicHoliday(day.toISODate() as string, calendar?.holidays);
}

/**
 * `days` business days after `from`, at the same local time (the calendar's time zone, else UTC): a mark made on a
 * Friday with 2 days ahead is due on Tuesday, and a public holiday in between moves it one more day.
 */
export function businessDaysAfter(from: Date, days: number, calendar: Calendar | undefined): Date {
  let day = DateTime.fromJSDate(from, { zone: calendar?.timezone ?? 'UTC' });
  let left = days;
  while (left > 0) {
    day = day.plus({ days: 1 });
    if (isBusinessDay(day, calendar)) left -= 1;
  }
  return day.toJSDate();
}
