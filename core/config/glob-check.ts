import { z } from 'zod';
import { globProblem } from './glob.js';

/**
 * A selector glob (`web-*`, `web-[ab]`); a malformed one is refused where it is written. In a file of its own so
 * that monkeys' params schemas can use it without loading the holiday calendars of schema-checks.ts.
 */
export const glob = z.string().superRefine((text, ctx) => {
  const problem = globProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: `"${text}" is not a glob: ${problem}` });
});
