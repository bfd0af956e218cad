import type { z } from 'zod';
import { duration } from '../../core/config/basic-values.js';
import { formatDuration } from '../../core/config/duration.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** How long a reversible fault lasts: 1m to 12h (the range AWS FIS allows), written "30m" or in milliseconds. */
export function faultDuration(defaultMs = 30 * MINUTE) {
  return duration.default(defaultMs).refine((ms) => ms >= MINUTE && ms <= 12 * HOUR, {
    error: (issue) => `duration ${formatDuration(Number(issue.input))} is out of range (expected between 1m and 12h)`,
  });
}

export type FaultDuration = z.infer<ReturnType<typeof faultDuration>>;
