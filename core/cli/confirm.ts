import { createInterface } from 'node:readline/promises';
import { InputError } from '../errors.js';

export interface ConfirmOptions {
  /** What the person must type back exactly (the zone, the region, the group). */
  readonly expected: string;
  /** What it is, for the prompt: "zone", "region". */
  readonly what: string;
  readonly input?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output?: NodeJS.WritableStream;
}

/**
 * The typed confirmation of an armed run: the person types the zone (or region) back. Without a terminal to ask
 * in, the run is refused as bad input: a script must say `--yes` explicitly.
 */
export async function confirmTyped(options: ConfirmOptions): Promise<boolean> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stderr;
  if (!input.isTTY) {
    throw new InputError(
      `this armed run needs a confirmation and there is no terminal to ask in: pass --yes to confirm ${options.what} ${options.expected}`,
    );
  }
  const reader = createInterface({ input, output });
  try {
    const answer = await reader.question(`Type the ${options.what} (${options.expected}) to act for real: `);
    return answer.trim() === options.expected;
  } finally {
    reader.close();
  }
}
