import type { Command } from 'commander';
import { GROUPINGS } from '../../../monkeys/chaos/params.js';
import { InputError } from '../../errors.js';
import { type MonkeyRunOptions, withMonkeyRunOptions } from '../options.js';
import { runRegions } from './one-region.js';

interface CircusOptions extends MonkeyRunOptions {
  cluster?: string;
  group?: string;
  grouping?: string;
  threshold?: string;
}

/** Checks the circus flags before any AWS call: one clear sentence per problem, exit 2. */
export function circusFlagParams(options: CircusOptions): Record<string, unknown> {
  if (options.grouping !== undefined && !(GROUPINGS as readonly string[]).includes(options.grouping)) {
    throw new InputError(`--grouping "${options.grouping}" is unknown (expected one of ${GROUPINGS.join(', ')})`);
  }
  if (options.cluster !== undefined && options.group !== undefined) {
    throw new InputError('give --cluster or --group, not both');
  }
  for (const [flag, value] of [
    ['--cluster', options.cluster],
    ['--group', options.group],
  ] as const) {
    if (value !== undefined && value.trim() === '') throw new InputError(`${flag} needs a name`);
  }
  let threshold: number | undefined;
  if (options.threshold !== undefined) {
    threshold = Number(options.threshold);
    if (!Number.isInteger(threshold) || threshold < 1) {
      throw new InputError(`--threshold "${options.threshold}" is not a whole number of instances of at least 1`);
    }
  }
  return {
    ...(options.cluster !== undefined ? { cluster: options.cluster } : {}),
    ...(options.group !== undefined ? { group: options.group } : {}),
    ...(options.grouping !== undefined ? { grouping: options.grouping } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
  };
}

/** `simian circus [--cluster c | --group g] [--threshold n] [--grouping asg|app|stack|cluster]`. */
export function register(program: Command): void {
  withMonkeyRunOptions(
    program
      .command('circus')
      .description('Circus: one step of zone balance per opted-in cluster (simian:circus=enabled)'),
  )
    .option('--cluster <name>', 'aim at one cluster (the app-stack-detail name, or the unit name with --grouping)')
    .option('--group <asg>', 'aim at the cluster of one Auto Scaling group')
    .option('--threshold <n>', 'largest spread between the fullest and the emptiest zone left alone (default 1)')
    .option('--grouping <by>', `what one cluster is: ${GROUPINGS.join(' | ')} (default cluster)`)
    .action(async (options: CircusOptions) => {
      const params = circusFlagParams(options);
      const regions = await runRegions(options);
      const region = regions[0] as string;
      const aim = options.cluster ?? options.group;
      const { runMonkeyCommand } = await import('../monkey-command.js');
      process.exitCode = await runMonkeyCommand(options, {
        monkey: 'circus',
        region,
        regions,
        params,
        confirm: aim
          ? { what: options.cluster ? 'cluster' : 'group', expected: aim }
          : { what: 'region', expected: region },
      });
    });
}
