import { createInterface } from 'node:readline/promises';
import { InputError, InterruptedError } from '../errors.js';

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
 * in, the run is refused as bad input: a script must say `--yes` explicitly. Ctrl-C at the prompt ends the command
 * with exit 130, nothing done.
 */
export async function confirmTyped(options: ConfirmOptions): Promise<boolean> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stderr;
  if (!input.isTTY) {
    throw new InputError(
      `this armed run needs a confirmation and there is no terminal to ask in: pass --yes to confirm ${options.what} ${options.expected}`,
    );
  }
  // On a terminal the reader puts the input in raw mode: Ctrl-C arrives as its SIGINT event, not as a signal.
  const reader = createInterface({ input, output });
  try {
    const interrupted = new Promise<never>((_resolve, reject) =>
      reader.once('SIGINT', () =>
        reject(
          new InterruptedError(
            `interrupted at the confirmation of ${options.what} ${options.expected}: nothing was done`,
          ),
        ),
      ),
    );
    const answer = await Promise.race([
      reader.question(`Type the ${options.what} (${options.expected}) to act for real: `),
      interrupted,
    ]);
    return answer.trim() === options.expected;
  } finally {
    reader.close();
  }
}
