import type { Command } from 'commander';

/** Each command file exports `register(program)`; the list below is the whole CLI. */
type Register = (program: Command) => void;

const commands: Register[] = [];

export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
}
