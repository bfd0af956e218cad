import { InputError } from '../errors.js';

/** Below this a number is epoch seconds (1e11 s is the year 5138; 1e11 ms was 1973): never misread as ms. */
const SECONDS_BELOW = 1e11;
/** The talk's compact form: yyyyMMddHHmm, then optionally ss and up to three digits of a fraction (UTC). */
const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(?:(\d{2})(\d{0,3}))?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

export const CHRONOS_TIME_FORMS = 'epoch seconds or milliseconds, yyyyMMddHHmm[ss[SSS]] in UTC, or ISO-8601';

function compact(digits: string): number | undefined {
  const match = COMPACT.exec(digits);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = ''] = match.map((part) => part ?? '');
  const parts = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Number(fraction.padEnd(3, '0'));
  const time = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], ms);
  const date = new Date(time);
  // Date.UTC rolls 13/01 over into the next year: only a date that reads back the same is one.
  const same =
    date.getUTCFullYear() === parts[0] &&
    date.getUTCMonth() === parts[1] - 1 &&
    date.getUTCDate() === parts[2] &&
    date.getUTCHours() === parts[3] &&
    date.getUTCMinutes() === parts[4] &&
    date.getUTCSeconds() === parts[5];
  return same ? time : undefined;
}

function fromDigits(text: string): number | undefined {
  if (/^\d+\.\d+$/.test(text)) {
    const seconds = Number(text);
    return seconds < SECONDS_BELOW ? Math.round(seconds * 1000) : undefined;
  }
  if (!/^\d+$/.test(text)) return undefined;
  if (Number(text) < SECONDS_BELOW) return Number(text) * 1000;
  // 13 digits are epoch ms (2001 to 2286); 12 and 14 to 17 the compact form.
  return text.length === 13 ? Number(text) : compact(text);
}

/**
 * A time as a Chronos client sends it, in epoch milliseconds: epoch seconds (a number below 1e11, a fraction
 * allowed, as Python's time.time() gives it), epoch milliseconds (13 digits), the talk's compact
 * `yyyyMMddHHmm[ss[SSS]]` (UTC) or an ISO-8601 date. Anything else is refused naming the parameter, never guessed.
 */
export function parseChronosTime(value: string | number | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value).trim();
  const time = /^[\d.]+$/.test(text) ? fromDigits(text) : ISO_DATE.test(text) ? Date.parse(text) : undefined;
  if (time === undefined || Number.isNaN(time)) {
    throw new InputError(`${name} "${String(value).slice(0, 64)}" is not a time (${CHRONOS_TIME_FORMS})`);
  }
  return time;
}
