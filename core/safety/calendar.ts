import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { GlobalConfig } from '../config/schema.js';
import { InputError } from '../errors.js';

/** The chaos window: run days and hours in one time zone (config `calendar`). */
export type Calendar = GlobalConfig['calendar'];

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Why a day is (not) a run day, in words a person reads. */
export interface RunDayDecision {
  readonly runDay: boolean;
  readonly reason: string;
}

const holidayCache = new Map<string, Holidays>();

// The holiday tables of every country are big: loaded on the first calendar that names a country, not at start.
const requireCjs = createRequire(import.meta.url);
const loadHolidays = () => requireCjs('date-holidays') as typeof Holidays;

function holidaysFor(place: NonNullable<Calendar['holidays']>): Holidays {
  const key = `${place.country}/${place.state ?? ''}/${place.region ?? ''}`;
  const cached = holidayCache.get(key);
  if (cached) return cached;
  const Holidays = loadHolidays();
  const countries = new Holidays().getCountries();
  const country = place.country.toUpperCase();
  if (!(country in countries)) {
    throw new InputError(`calendar.holidays.country "${place.country}" is not a known country code (e.g. US, DE)`);
  }
  const state = place.state?.toUpperCase();
  if (state && !(state in (new Holidays().getStates(country) ?? {}))) {
    throw new InputError(`calendar.holidays.state "${place.state}" is not a known state of ${country} (e.g. DE: BY)`);
  }
  // Only public holidays count: bank, school and observance days are ordinary work days.
  const holidays = new Holidays(country, state ?? '', place.region ?? '', { types: ['public'] });
  holidayCache.set(key, holidays);
  return holidays;
}

/** The public holiday on a local date (YYYY-MM-DD), if any. */
export function publicHoliday(localDate: string, place: Calendar['holidays']): string | undefined {
  if (!place) return undefined;
  const year = Number(localDate.slice(0, 4));
  const match = holidaysFor(place)
    .getHolidays(year)
    .find((holiday) => holiday.type === 'public' && holiday.date.startsWith(localDate));
  return match?.name;
}

function localDay(date: Date, calendar: Calendar): DateTime {
  return DateTime.fromJSDate(date, { zone: calendar.timezone }).startOf('day');
}

/** Whether the calendar day (in the calendar's zone) holding `date` is a run day, and why. */
export function runDayDecision(date: Date, calendar: Calendar): RunDayDecision {
  const day = localDay(date, calendar);
  const iso = day.toISODate() as string;
  const weekday = WEEKDAYS[day.weekday - 1] as (typeof WEEKDAYS)[number];
  if (calendar.blackouts.includes(iso)) return { runDay: false, reason: `${iso} is a blackout date` };
  if (calendar.extraRunDays.includes(iso)) return { runDay: true, reason: `${iso} is an extra run day` };
  if (!calendar.days.includes(weekday)) {
    return { runDay: false, reason: `${iso} is a ${weekday}; run days are ${calendar.days.join(', ')}` };
  }
  const holiday = publicHoliday(iso, calendar.holidays);
  if (holiday) {
    return { runDay: false, reason: `${iso} is a public holiday in ${calendar.holidays?.country} (${holiday})` };
  }
  return { runDay: true, reason: `${iso} is a run day` };
}

export function isRunDay(date: Date, calendar: Calendar): boolean {
  return runDayDecision(date, calendar).runDay;
}

function atClock(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

/** The window [start, end) of the run day holding `date`, or null when that day is not a run day. */
export function runWindow(date: Date, calendar: Calendar): { start: Date; end: Date } | null {
  if (!isRunDay(date, calendar)) return null;
  const day = localDay(date, calendar);
  return { start: atClock(day, calendar.start).toJSDate(), end: atClock(day, calendar.end).toJSDate() };
}

/** Whether `date` falls inside the chaos window, and if not, why. */
export function windowDecision(date: Date, calendar: Calendar): RunDayDecision {
  const day = runDayDecision(date, calendar);
  if (!day.runDay) return day;
  const window = runWindow(date, calendar) as { start: Date; end: Date };
  const local = DateTime.fromJSDate(date, { zone: calendar.timezone }).toFormat('HH:mm');
  if (date < window.start || date >= window.end) {
    return {
      runDay: false,
      reason: `${local} ${calendar.timezone} is outside the window ${calendar.start}–${calendar.end}`,
    };
  }
  return {
    runDay: true,
    reason: `${local} ${calendar.timezone} is inside the window ${calendar.start}–${calendar.end}`,
  };
}
