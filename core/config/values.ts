import { CronExpressionParser } from 'cron-parser';
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses "30m", "1h30m", "2d", "500ms" into milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) {
    total += Number(match[1]) * (UNITS[match[2] as string] as number);
  }
  return total;
}

/** Formats milliseconds the way users write them ("1h30m"). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join('');
}

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

export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;
export const ZONE_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+[a-z]$/;

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
