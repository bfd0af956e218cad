import { z } from 'zod';
import { formatDuration, parseDuration } from './duration.js';
import { REGION_PATTERN, ZONE_PATTERN } from './name-patterns.js';

// The value schemas monkeys' params use, apart from values.ts (which loads luxon and cron-parser): the registry
// imports every monkey, `simian --help` included.

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

export const region = z.string().regex(REGION_PATTERN, {
  error: (issue) => `"${String(issue.input)}" is not an AWS region (expected e.g. us-east-1)`,
});
export const zone = z.string().regex(ZONE_PATTERN, {
  error: (issue) => `"${String(issue.input)}" is not an availability zone (expected e.g. us-east-1a)`,
});
