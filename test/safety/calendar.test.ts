import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { calendarSchema } from '../../core/config/schema.js';
import { type Calendar, isRunDay, runDayDecision, runWindow } from '../../core/safety/calendar.js';
import { calendarGuard } from '../../core/safety/calendar-guard.js';
import { configWith, runContext, scheduleEntry } from './run-context.js';

const calendar = (input: Record<string, unknown> = {}): Calendar => calendarSchema.parse(input);

describe('calendar', () => {
  it('weekends are not run days by default', () => {
    // 2026-11-28 is a Saturday in Los Angeles.
    expect(runDayDecision(new Date('2026-11-28T18:00:00Z'), calendar())).toEqual({
      runDay: false,
      reason: '2026-11-28 is a sat; run days are mon, tue, wed, thu, fri',
    });
    expect(isRunDay(new Date('2026-11-30T18:00:00Z'), calendar())).toBe(true);
  });

  it('reads the day in the calendar zone, not UTC', () => {
    // Monday 05:00 UTC is still Sunday evening in Los Angeles.
    expect(isRunDay(new Date('2026-11-30T05:00:00Z'), calendar())).toBe(false);
    expect(isRunDay(new Date('2026-11-30T05:00:00Z'), calendar({ timezone: 'Europe/Berlin' }))).toBe(true);
  });

  it('gives the window of a run day as instants in its zone', () => {
    const window = runWindow(new Date('2026-12-01T12:00:00Z'), calendar({ timezone: 'Europe/Berlin' }));
    // Berlin is UTC+1 in December.
    expect(window).toEqual({ start: new Date('2026-12-01T08:00:00Z'), end: new Date('2026-12-01T14:00:00Z') });
    expect(runWindow(new Date('2026-11-29T12:00:00Z'), calendar())).toBeNull();
  });

  it('skips a US public holiday (Thanksgiving)', () => {
    const decision = runDayDecision(new Date('2026-11-26T18:00:00Z'), calendar({ holidays: { country: 'US' } }));
    expect(decision).toEqual({ runDay: false, reason: '2026-11-26 is a public holiday in US (Thanksgiving Day)' });
  });

  it('skips a German state holiday only in that state', () => {
    // Fronleichnam (Corpus Christi) is public in Bavaria, not in Berlin.
    const day = new Date('2026-06-04T10:00:00Z');
    const base = { timezone: 'Europe/Berlin' };
    expect(isRunDay(day, calendar({ ...base, holidays: { country: 'DE', state: 'BY' } }))).toBe(false);
    expect(isRunDay(day, calendar({ ...base, holidays: { country: 'DE', state: 'BE' } }))).toBe(true);
  });

  it('refuses an unknown holiday country or state when the config is read, naming it', () => {
    const problem = (input: Record<string, unknown>) => calendarSchema.safeParse(input).error?.issues[0]?.message;
    expect(problem({ holidays: { country: 'XX' } })).toMatch(/^"XX" is not a country date-holidays knows/);
    expect(problem({ holidays: { country: 'DE', state: 'QQ' } })).toMatch(/"QQ"/);
  });

  it('supports sun–thu weeks', () => {
    const sunThu = calendar({ timezone: 'Asia/Jerusalem', days: ['sun', 'mon', 'tue', 'wed', 'thu'] });
    expect(isRunDay(new Date('2026-11-29T09:00:00Z'), sunThu)).toBe(true); // Sunday
    expect(isRunDay(new Date('2026-11-27T09:00:00Z'), sunThu)).toBe(false); // Friday
  });

  it('blackouts win over everything, extra run days over weekdays and holidays', () => {
    const cal = calendar({
      holidays: { country: 'US' },
      blackouts: ['2026-12-01', '2026-12-05'],
      extraRunDays: ['2026-12-05', '2026-11-26'],
    });
    expect(runDayDecision(new Date('2026-12-01T18:00:00Z'), cal).reason).toBe('2026-12-01 is a blackout date');
    expect(isRunDay(new Date('2026-12-05T18:00:00Z'), cal)).toBe(false);
    expect(isRunDay(new Date('2026-11-26T18:00:00Z'), cal)).toBe(true);
  });
});

describe('calendar guard', () => {
  const config = configWith({ calendar: { timezone: 'America/New_York', start: '09:00', end: '15:00' } });
  const scheduled = runContext({ config, entry: scheduleEntry() });

  it('lets a scheduled run inside the window through', async () => {
    // Tuesday 10:00 in New York.
    const guard = calendarGuard(fixedClock('2026-12-01T15:00:00Z'));
    expect(await guard.check(scheduled)).toEqual({ allow: true });
  });

  it('refuses a scheduled run at the end of the window (hours are [start, end))', async () => {
    const guard = calendarGuard(fixedClock('2026-12-01T20:00:00Z'));
    expect(await guard.check(scheduled)).toEqual({
      allow: false,
      guard: 'calendar',
      scope: 'run',
      reason: 'outside the chaos window: 15:00 America/New_York is outside the window 09:00–15:00',
    });
  });

  it('refuses an armed manual run outside the window', async () => {
    const guard = calendarGuard(fixedClock('2026-11-28T15:00:00Z'));
    expect(await guard.check(runContext({ config, dryRun: false }))).toMatchObject({ allow: false });
  });

  it('only notes the window for a manual dry run, unless told to enforce it', async () => {
    const clock = fixedClock('2026-11-28T15:00:00Z');
    const manual = runContext({ config });
    expect(await calendarGuard(clock).check(manual)).toMatchObject({
      allow: true,
      note: expect.stringContaining('reported only for a manual dry run'),
    });
    expect(await calendarGuard(clock, { enforceOnManualDryRuns: true }).check(manual)).toMatchObject({ allow: false });
  });
});
