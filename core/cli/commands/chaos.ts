import type { Command } from 'commander';
import { CHAOS_FAULTS, GROUPINGS } from '../../../monkeys/chaos/params.js';
import { formatDuration, parseDuration } from '../../config/duration.js';
import { InputError } from '../../errors.js';
import { type MonkeyRunOptions, withMonkeyRunOptions } from '../options.js';
import { runRegions } from './one-region.js';

interface ChaosOptions extends MonkeyRunOptions {
  group?: string;
  fault?: string;
  duration?: string;
  grouping?: string;
}

const MIN_DURATION_MS = 60_000;
const MAX_DURATION_MS = 12 * 3_600_000;

/** Checks the chaos flags before any AWS call: one clear sentence per problem, exit 2. */
export function chaosFlagParams(options: ChaosOptions): Record<string, unknown> {
  if (options.fault !== undefined && !(CHAOS_FAULTS as readonly string[]).includes(options.fault)) {
    throw new InputError(`--fault "${options.fault}" is unknown (expected one of ${CHAOS_FAULTS.join(', ')})`);
  }
  if (options.grouping !== undefined && !(GROUPINGS as readonly string[]).includes(options.grouping)) {
    throw new InputError(`--grouping "${options.grouping}" is unknown (expected one of ${GROUPINGS.join(', ')})`);
  }
  let durationMs: number | undefined;
  if (options.duration !== undefined) {
    durationMs = parseDuration(options.duration);
    if (durationMs === undefined) {
      throw new InputError(`--duration "${options.duration}" is not a duration (expected e.g. 30s, 15m, 1h30m)`);
    }
    if (durationMs < MIN_DURATION_MS || durationMs > MAX_DURATION_MS) {
      throw new InputError(
        `--duration ${formatDuration(durationMs)} is out of range (expected between ${formatDuration(MIN_DURATION_MS)} and ${formatDuration(MAX_DURATION_MS)})`,
      );
    }
  }
  if (options.group !== undefined && options.group.trim() === '') throw new InputError('--group needs a group name');
  return {
    ...(options.group !== undefined ? { group: options.group } : {}),
    ...(options.fault !== undefined ? { fault: options.fault } : {}),
    ...(durationMs !== undefined ? { duration: durationMs } : {}),
    ...(options.grouping !== undefined ? { grouping: options.grouping } : {}),
  };
}

/** `simian chaos [--group g] [--fault f] [--duration d] [--grouping asg|app|stack|cluster]`. */
export function register(program: Command): void {
  withMonkeyRunOptions(
    program
      .command('chaos')
      .description('Chaos Monkey: one fault in one random instance of each opted-in group (simian:chaos=enabled)'),
  )
    .option('--group <name>', 'aim at one group (an ASG, or the app/stack/cluster name with --grouping)')
    .option('--fault <fault>', `what to do: ${CHAOS_FAULTS.join(' | ')} (default terminate)`)
    .option('--duration <duration>', 'how long a revertible or host fault lasts, 1m to 12h (default 10m)')
    .option('--grouping <by>', `what one group is: ${GROUPINGS.join(' | ')} (default asg)`)
    .action(async (options: ChaosOptions) => {
      const params = chaosFlagParams(options);
      const regions = await runRegions(options);
      const region = regions[0] as string;
      const { runMonkeyCommand } = await import('../monkey-command.js');
      process.exitCode = await runMonkeyCommand(options, {
        monkey: 'chaos',
        region,
        regions,
        params,
        confirm: options.group ? { what: 'group', expected: options.group } : { what: 'region', expected: region },
      });
    });
}
