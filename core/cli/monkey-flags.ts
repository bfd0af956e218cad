import { type Command, Option } from 'commander';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import type { MonkeyFlag } from '../plan/monkey-cli.js';
import type { Monkey } from '../run/monkey.js';
import { issueMessage } from '../run/params.js';
import { flagHelp } from './flag-help.js';
import { repeatableOption } from './single-valued.js';

/** `--max-at-once <n>` → `--max-at-once`. */
export function flagName(flag: MonkeyFlag): string {
  return flag.flag.split(' ')[0] as string;
}

function optionOf(flag: MonkeyFlag, help?: string): Option {
  const option = new Option(flag.flag, help);
  if (flag.required) option.makeOptionMandatory();
  return flag.repeatable ? repeatableOption(option) : option;
}

/** Adds a monkey's declared flags to its command, in declared order (so `--help` lists them as declared). */
export function addMonkeyFlags(command: Command, monkey: Monkey<unknown, unknown>): Command {
  for (const flag of monkey.cli?.flags ?? []) command.addOption(optionOf(flag, flagHelp(monkey.params, flag)));
  return command;
}

/** The typed text as the param's value; a text that is no number at all is refused here, its range by the schema. */
function readFlag(flag: MonkeyFlag, text: string): unknown {
  const read = flag.read ?? 'text';
  if (typeof read === 'function') return read(text);
  if (read === 'whole') {
    if (!/^\d+$/.test(text.trim())) throw new InputError(`${flagName(flag)} "${text}" is not a whole number`);
    return Number(text);
  }
  if (read === 'percent') {
    const value = Number(text.trim().replace(/%$/, ''));
    if (text.trim() === '' || !Number.isFinite(value)) {
      throw new InputError(`${flagName(flag)} "${text}" is not a percentage`);
    }
    return value;
  }
  if (read === 'list') {
    return text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }
  return text;
}

/** The schema's sentence, said of the flag typed: `delay 11s is out of range` → `--delay 11s is out of range`. */
function flagProblem(flag: MonkeyFlag, issue: z.core.$ZodIssue): string {
  const message = issueMessage(issue);
  const param = String(issue.path[0]);
  if (message.startsWith(`${param} `)) return `${flagName(flag)} ${message.slice(param.length + 1)}`;
  return message.startsWith('"') ? `${flagName(flag)} ${message}` : `${flagName(flag)}: ${message}`;
}

/**
 * The params the typed flags set, checked by the monkey's own params schema before any AWS call: a refusal is one
 * sentence naming the flag (exit 2). Only what the flags set is judged here; the whole params (the schedule entry's
 * under them) are checked again when the run starts.
 */
export function flagParams(monkey: Monkey<unknown, unknown>, options: Readonly<Record<string, unknown>>) {
  const flags = monkey.cli?.flags ?? [];
  const given = new Map<string, MonkeyFlag>();
  const params: Record<string, unknown> = {};
  for (const flag of flags) {
    const value = flag.param === undefined ? undefined : options[optionOf(flag).attributeName()];
    if (flag.param === undefined || value === undefined) continue;
    params[flag.param] =
      typeof value === 'string'
        ? readFlag(flag, value)
        : Array.isArray(value)
          ? value.map((text: string) => readFlag(flag, text))
          : value;
    given.set(flag.param, flag);
  }
  for (const [first, second] of monkey.cli?.exclusive ?? []) {
    const [a, b] = [given.get(first), given.get(second)];
    if (a && b) throw new InputError(`give either ${flagName(a)} or ${flagName(b)}, not both`);
  }
  const checked = monkey.params.safeParse(params);
  const issue = checked.error?.issues.find((candidate) => given.has(String(candidate.path[0])));
  const flag = issue && given.get(String(issue.path[0]));
  if (issue && flag) throw new InputError(flagProblem(flag, issue));
  return params;
}

/**
 * The regions a run works in, each in turn: every --region given (a repeated one once); none given: the config's
 * first region (an empty list). A monkey that works in one region a run (Gorilla, Kong) refuses a second --region
 * and finds its region by its own rule (Gorilla: its zone's region).
 */
export function flagRegions(
  monkey: Monkey<unknown, unknown>,
  regions: readonly string[],
  params: Readonly<Record<string, unknown>>,
): string[] {
  const rule = monkey.cli?.region;
  if (!rule?.one) return [...new Set(regions)];
  if (regions.length > 1) {
    throw new InputError(`${monkey.name} ${rule.one}, but --region was given ${regions.length} times`);
  }
  const region = rule.resolve ? rule.resolve(params, regions[0]) : regions[0];
  return region === undefined ? [] : [region];
}
