import { type CliOutcome, runCliCaptured } from '../../core/cli/capture-cli.js';

export { type CliOutcome, runCliCaptured };

/** `simian <argv…>` run in-process; see runCliCaptured. */
export function simian(...argv: string[]): Promise<CliOutcome> {
  return runCliCaptured(argv);
}
