/**
 * The time zone every time on the page is shown in: the calendar's, set once by the app before any view renders
 * (a game day is run by the calendar's clock, not by each browser's).
 */
let displayZone: string | undefined;

export function showTimesIn(timeZone: string): void {
  displayZone = timeZone;
}

/** The zone times are shown in: the calendar's, or the browser's own before the app has learnt it. */
export function displayedZone(): string {
  return displayZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Times as a person reads them: 24-hour clock time in the calendar's zone, with the date when not today
 * ("6 Dec 23:52", day before month as on the chart's axis).
 */
export function clock(iso: string | null | undefined, timeZone = displayZone): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const zone = timeZone ? { timeZone } : {};
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...zone });
  const day = (moment: Date) => moment.toLocaleDateString('en-GB', zone);
  return day(new Date()) === day(date)
    ? time
    : `${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', ...zone })} ${time}`;
}

/** The hour and minute of `seconds` (epoch) in the calendar's zone, 24-hour: "14:05"; with `day`, "7 Dec". */
export function axisLabel(seconds: number, day: boolean): string {
  const date = new Date(seconds * 1000);
  const zone = displayZone ? { timeZone: displayZone } : {};
  return day
    ? date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', ...zone })
    : date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...zone });
}

/** "in 2h 5m" / "12m ago". */
export function relative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const ms = Date.parse(iso) - now;
  if (Number.isNaN(ms)) return '';
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const span =
    minutes < 1
      ? 'less than a minute'
      : minutes < 60
        ? `${minutes}m`
        : minutes < 48 * 60
          ? `${Math.floor(minutes / 60)}h ${minutes % 60}m`
          : `${Math.round(minutes / 1440)} days`;
  return ms >= 0 ? `in ${span}` : `${span} ago`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
