import type { Command } from 'commander';
import { GORILLA_MODES } from '../../../monkeys/gorilla.js';
import { checkZoneName } from '../../../monkeys/shared/zone-check.js';
import { ZONE_PATTERN } from '../../config/name-patterns.js';
import { InputError } from '../../errors.js';
import { type MonkeyRunOptions, withMonkeyRunOptions } from '../options.js';

interface GorillaOptions extends MonkeyRunOptions {
  zone: string;
  mode?: string;
  duration?: string;
}

/** The region a gorilla run works in: --region if given (once), else the zone's own region. */
export function gorillaRegion(options: GorillaOptions): string {
  if (!ZONE_PATTERN.test(options.zone)) {
    throw new InputError(`"${options.zone}" is not an availability zone (expected e.g. us-east-1a)`);
  }
  if ((options.region?.length ?? 0) > 1) {
    throw new InputError(`gorilla works in one region, but --region was given ${options.region?.length} times`);
  }
  const region = options.region?.[0] ?? options.zone.slice(0, -1);
  checkZoneName(options.zone, region);
  return region;
}

/** `simian gorilla --zone us-east-1a [--mode terminate|exclude|isolate] [--duration 30m]` (also `gorilla ...`). */
export function register(program: Command): void {
  withMonkeyRunOptions(
    program
      .command('gorilla')
      .description('Chaos Gorilla: take out one availability zone for the opted-in groups (simian:gorilla=enabled)'),
  )
    .requiredOption('--zone <az>', 'the availability zone to take out, e.g. us-east-1a')
    .option('--mode <mode>', `how: ${GORILLA_MODES.join(' | ')} (default terminate)`)
    .option('--duration <duration>', 'how long exclude/isolate last before their revert, 1m to 12h (default 30m)')
    .action(async (options: GorillaOptions) => {
      const region = gorillaRegion(options);
      const { runMonkeyCommand } = await import('../monkey-command.js');
      process.exitCode = await runMonkeyCommand(options, {
        monkey: 'gorilla',
        region,
        params: {
          zone: options.zone,
          ...(options.mode !== undefined ? { mode: options.mode } : {}),
          ...(options.duration !== undefined ? { duration: options.duration } : {}),
        },
        confirm: { what: 'zone', expected: options.zone },
      });
    });
}
