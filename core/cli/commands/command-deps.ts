import type { CliRunner } from '../demo/typed-command.js';

/**
 * What the program hands each command's `register`: the CLI runner itself, for the demo that types commands
 * through it (handed down, so that no command imports the program back).
 */
export interface CommandDeps {
  readonly cli: CliRunner;
}
