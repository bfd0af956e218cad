import { CronExpressionParser } from 'cron-parser';
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

export { duration, every, MIN_EVERY_MS, region, zone } from './basic-values.js';
export { formatDuration, parseDuration } from './duration.js';
export { REGION_PATTERN, ZONE_PATTERN } from './name-patterns.js';

/** An http:// or https:// URL (an AWS endpoint, a webhook): another scheme would fail later, far from the config. */
export const httpUrl = z.url({
  protocol: /^https?$/,
  // Text that is no URL at all keeps the generic "expected a URL" message.
  error: (issue) =>
    typeof issue.input === 'string' && URL.canParse(issue.input)
      ? `"${issue.input}" is not an http:// or https:// URL`
      : undefined,
});

export const timeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), {
  error: (issue) => `"${String(issue.input)}" is not an IANA time zone (expected e.g. America/Los_Angeles, UTC)`,
});

export const cron = z.string().refine(
  (expression) => {
    try {
      CronExpressionParser.parse(expression);
      return expression.trim().split(/\s+/).length >= 5;
    } catch {
      return false;
    }
  },
  { error: (issue) => `"${String(issue.input)}" is not a cron expression (expected 5 fields, e.g. "0 9 * * 1-5")` },
);

export const accountId = z
  .string()
  .regex(/^\d{12}$/, { error: (issue) => `"${String(issue.input)}" is not a 12-digit AWS account id` });
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export function isClockTime(text: string): boolean {
  return CLOCK_TIME.test(text);
}
export const clockTime = z.string().regex(CLOCK_TIME, {
  error: (issue) => `"${String(issue.input)}" is not a time of day (expected HH:MM, e.g. 09:00)`,
});
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A calendar date written YYYY-MM-DD that exists (2026-11-31 and 2026-02-29 do not). */
export function isRealDate(text: string): boolean {
  return ISO_DATE.test(text) && DateTime.fromISO(text, { zone: 'UTC' }).isValid;
}
export const isoDate = z
  .string()
  .regex(ISO_DATE, { error: (issue) => `"${String(issue.input)}" is not a date (expected YYYY-MM-DD)` })
  .refine((text) => !ISO_DATE.test(text) || isRealDate(text), {
    error: (issue) => `"${String(issue.input)}" is not a date that exists (expected YYYY-MM-DD)`,
  });
export const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export const percent = z.number().min(0).max(100);
