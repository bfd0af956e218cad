import { CronExpressionParser } from 'cron-parser';
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { formatDuration, parseDuration } from './duration.js';
import { REGION_PATTERN, ZONE_PATTERN } from './name-patterns.js';

export { formatDuration, parseDuration } from './duration.js';
export { REGION_PATTERN, ZONE_PATTERN } from './name-patterns.js';

/** A duration written as text ("30m") or milliseconds; always milliseconds once parsed. */
export const duration = z.union([
  z.number().int().nonnegative(),
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text}" is not a duration (expected e.g. 500ms, 30s, 15m, 1h30m, 2d)`,
      });
      return z.NEVER;
    }
    return ms;
  }),
]);

/**
 * A schedule's `every`: at least a minute, as cron's finest step. A shorter interval (`0s`, `1ms`) would start runs
 * back to back and hammer the AWS APIs; nothing in chaos engineering needs it.
 */
export const MIN_EVERY_MS = 60_000;
export const every = duration.refine((ms) => ms >= MIN_EVERY_MS, {
  error: (issue) =>
    `${formatDuration(Number(issue.input))} is too short (a schedule runs at most once a minute: expected ${formatDuration(MIN_EVERY_MS)} or more)`,
});

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

export const region = z.string().regex(REGION_PATTERN, {
  error: (issue) => `"${String(issue.input)}" is not an AWS region (expected e.g. us-east-1)`,
});
export const zone = z.string().regex(ZONE_PATTERN, {
  error: (issue) => `"${String(issue.input)}" is not an availability zone (expected e.g. us-east-1a)`,
});
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
