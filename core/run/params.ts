import type { z } from 'zod';
import { InputError } from '../errors.js';

/** What one zod issue says, without its path. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union') {
    // A value that may be written several ways (30m or 1800000): the branch's own message says what went wrong.
    const own = issue.errors.flat().find((nested) => nested.code === 'custom');
    if (own) return own.message;
  }
  return issue.message;
}

/** One sentence for a zod failure: "zone is required", "mode \"x\" is unknown (expected ...)". */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return `${path} is required`;
      if (issue.code === 'unrecognized_keys') return `unknown parameter ${issue.keys.join(', ')}`;
      const message = issueMessage(issue);
      // Our own messages already quote the value; zod's generic ones need the path.
      return path && !message.includes('"') ? `${path}: ${message}` : message;
    })
    .join('; ');
}

/** Validates a monkey's parameters with its schema; a bad parameter is bad input (exit 2), nothing done. */
export function parseMonkeyParams<P>(monkey: string, schema: z.ZodType<P>, params: Record<string, unknown>): P {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new InputError(`invalid ${monkey} parameters: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}
