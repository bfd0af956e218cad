import { type Command, Option } from 'commander';
import { InputError } from '../../errors.js';
import { type MonkeyRunOptions, withMonkeyRunOptions } from '../options.js';
import { repeatableOption } from '../single-valued.js';

interface KongOptions extends MonkeyRunOptions {
  duration?: string;
  record?: string[];
  thenGorilla?: boolean;
}

/** "<hostedZoneId>:<name>[:<type>[:<setIdentifier>]]" → a Kong record (type A and set identifier = region by default). */
export function parseRecordFlag(text: string): Record<string, string> {
  const parts = text.split(':');
  if (parts.length < 2 || parts.length > 4 || parts.some((part) => part.trim() === '')) {
    throw new InputError(
      `--record "${text}" is malformed (expected <hostedZoneId>:<name>[:<type>[:<setIdentifier>]], e.g. Z123:api.example.com:A:us-east-1)`,
    );
  }
  const [hostedZoneId, name, type, setIdentifier] = parts as [string, string, string?, string?];
  return { hostedZoneId, name, ...(type ? { type } : {}), ...(setIdentifier ? { setIdentifier } : {}) };
}

/** `simian kong --region us-east-1 [--record Z:name:type:set ...] [--duration 30m] [--then-gorilla]`. */
export function register(program: Command): void {
  withMonkeyRunOptions(
    program
      .command('kong')
      .description('Chaos Kong: evacuate a region by shifting its Route 53 weighted records to 0, then revert'),
  )
    .addOption(
      repeatableOption(
        new Option(
          '--record <spec>',
          'a weighted record: <hostedZoneId>:<name>[:<type>[:<setIdentifier>]] (repeatable)',
        ),
      ),
    )
    .option('--duration <duration>', 'how long the evacuation lasts before the revert, 1m to 12h (default 30m)')
    .option('--then-gorilla', 'after shifting traffic, terminate the opted-in instances of every zone of the region')
    .action(async (options: KongOptions) => {
      const regions = options.region ?? [];
      if (regions.length !== 1) {
        throw new InputError(
          regions.length === 0
            ? 'kong needs --region <name>: the region to evacuate'
            : `kong evacuates one region, but --region was given ${regions.length} times`,
        );
      }
      const region = regions[0] as string;
      const records = options.record?.map(parseRecordFlag);
      const { runMonkeyCommand } = await import('../monkey-command.js');
      process.exitCode = await runMonkeyCommand(options, {
        monkey: 'kong',
        region,
        params: {
          region,
          ...(records ? { records } : {}),
          ...(options.duration !== undefined ? { duration: options.duration } : {}),
          ...(options.thenGorilla ? { thenGorilla: true } : {}),
        },
        confirm: { what: 'region', expected: region },
      });
    });
}
