import type { Command, Option } from 'commander';
import { InputError } from '../errors.js';

const repeatable = new WeakSet<Option>();

/** Marks an option as one that may be given several times (`--region a --region b`), each value collected. */
export function repeatableOption(option: Option): Option {
  repeatable.add(option);
  return option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}

/**
 * Every option that takes a value and is not repeatable refuses a second occurrence, on this command and its
 * subcommands: commander keeps the last one, so `--zone a --zone b` would act on b while a was meant. Flags
 * without a value (`--yes`) may repeat harmlessly.
 */
export function refuseRepeatedOptions(command: Command): void {
  for (const option of command.options) {
    if (!(option.required || option.optional) || option.variadic || repeatable.has(option)) continue;
    const given: string[] = [];
    command.on(`option:${option.name()}`, (value: string | undefined) => {
      given.push(value ?? '(no value)');
      if (given.length === 2) {
        throw new InputError(
          `${option.long ?? option.flags} was given twice (${given[0]} and ${given[1]}); it takes one value`,
        );
      }
    });
  }
  for (const sub of command.commands) refuseRepeatedOptions(sub);
}
