import type { Command } from 'commander';
import { parseDuration } from '../../config/duration.js';
import { InputError } from '../../errors.js';
import { type MonkeyRunOptions, withMonkeyRunOptions } from '../options.js';
import { runRegions } from './one-region.js';

interface DoctorOptions extends MonkeyRunOptions {
  group?: string;
  cooldown?: string;
  grace?: string;
  maxAtOnce?: string;
}

function durationFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === undefined) throw new InputError(`${flag} "${value}" is not a duration (expected e.g. 30m, 1h, 2d)`);
  return ms;
}

/** Checks the doctor flags before any AWS call: one clear sentence per problem, exit 2. Rules come from the schedule. */
export function doctorFlagParams(options: DoctorOptions): Record<string, unknown> {
  if (options.group !== undefined && options.group.trim() === '') throw new InputError('--group needs a group name');
  const cooldown = durationFlag('--cooldown', options.cooldown);
  const quarantineGrace = durationFlag('--grace', options.grace);
  let maxAtOnce: number | undefined;
  if (options.maxAtOnce !== undefined) {
    maxAtOnce = Number(options.maxAtOnce);
    if (!Number.isInteger(maxAtOnce) || maxAtOnce < 1) {
      throw new InputError(`--max-at-once "${options.maxAtOnce}" is not a whole number of at least 1`);
    }
  }
  return {
    ...(options.group !== undefined ? { group: options.group } : {}),
    ...(cooldown !== undefined ? { cooldown } : {}),
    ...(quarantineGrace !== undefined ? { quarantineGrace } : {}),
    ...(maxAtOnce !== undefined ? { maxAtOnce } : {}),
  };
}

/** `simian doctor [--group g] [--cooldown d] [--grace d] [--max-at-once n]`; rules from the schedule entry. */
export function register(program: Command): void {
  withMonkeyRunOptions(
    program
      .command('doctor')
      .description(
        'Doctor: finds unhealthy instances of opted-in groups and remedies them per rule (simian:doctor=enabled)',
      ),
  )
    .option('--group <asg>', 'aim at one Auto Scaling group')
    .option('--cooldown <duration>', 'leave a remedied instance alone this long (default 1h)')
    .option('--grace <duration>', 'keep a quarantined instance this long before terminating it (default 24h)')
    .option('--max-at-once <n>', 'instances of a group under remedy at once, at most (default 1)')
    .action(async (options: DoctorOptions) => {
      const params = doctorFlagParams(options);
      const regions = await runRegions(options);
      const region = regions[0] as string;
      const { runMonkeyCommand } = await import('../monkey-command.js');
      process.exitCode = await runMonkeyCommand(options, {
        monkey: 'doctor',
        region,
        regions,
        params,
        confirm: options.group ? { what: 'group', expected: options.group } : { what: 'region', expected: region },
      });
    });
}
