import { afterEach, describe, expect, it, vi } from 'vitest';
import { axisLabel, clock } from '../../ui/dashboard/format.js';

// The page shows every time in the calendar's zone, whatever day or zone the browser is in.
describe("the dashboard's times", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows only the time for today, and the day before it for another day, in the zone asked for', () => {
    vi.useFakeTimers({ now: new Date('2026-12-07T08:20:00Z'), toFake: ['Date'] });
    expect(clock('2026-12-07T06:05:00Z', 'UTC')).toBe('06:05');
    expect(clock('2026-12-06T23:52:00Z', 'UTC')).toBe('6 Dec 23:52');
    // 23:52 UTC on the 6th is already the 7th in Auckland: today there.
    expect(clock('2026-12-06T23:52:00Z', 'Pacific/Auckland')).toBe('12:52');
    expect(clock(null)).toBe('—');
  });

  it('labels the chart axis 24-hour, with the day under the first tick of a day', () => {
    const seconds = Date.parse('2026-12-06T23:52:00Z') / 1000;
    expect(axisLabel(seconds, false)).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    expect(axisLabel(seconds, true)).toMatch(/^\d{1,2} [A-Z][a-z]{2}$/);
  });
});
