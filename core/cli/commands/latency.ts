import { type Command, Option } from 'commander';
import { parseDuration } from '../../config/duration.js';
import { InputError } from '../../errors.js';
import { type MonkeyRunOptions, withMonkeyRunOptions } from '../options.js';
import { repeatableOption } from '../single-valued.js';
import { runRegions } from './one-region.js';

interface LatencyOptions extends MonkeyRunOptions {
  group?: string;
  delay?: string;
  jitter?: string;
  loss?: string;
  correlation?: string;
  to?: string[];
  port?: string[];
  count?: string;
  percent?: string;
  interface?: string;
  duration?: string;
}

/** The flag each param comes from, so a refusal names what the user typed. */
const FLAG_OF: Record<string, string> = {
  group: '--group',
  delay: '--delay',
  jitter: '--jitter',
  lossPercent: '--loss',
  correlationPercent: '--correlation',
  to: '--to',
  ports: '--port',
  count: '--count',
  percent: '--percent',
  interface: '--interface',
  duration: '--duration',
};

function durationFlag(flag: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new InputError(`${flag} "${text}" is not a duration (expected e.g. 200ms, 1s, 10m)`);
  return ms;
}

/** "1%" or "1": a number of percent. */
function percentFlag(flag: string, text: string): number {
  const value = Number(text.trim().replace(/%$/, ''));
  if (text.trim() === '' || !Number.isFinite(value)) throw new InputError(`${flag} "${text}" is not a percentage`);
  return value;
}

function wholeNumberFlag(flag: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new InputError(`${flag} "${text}" is not a whole number`);
  return Number(text);
}

/** Reads the latency flags into params; bad input is one clear sentence naming the flag (exit 2), before any AWS call. */
export async function latencyFlagParams(options: LatencyOptions): Promise<Record<string, unknown>> {
  if (options.count !== undefined && options.percent !== undefined) {
    throw new InputError('give either --count or --percent, not both');
  }
  if (options.group !== undefined && options.group.trim() === '') throw new InputError('--group needs a group name');
  const params: Record<string, unknown> = {
    ...(options.group !== undefined ? { group: options.group } : {}),
    ...(options.delay !== undefined ? { delay: durationFlag('--delay', options.delay) } : {}),
    ...(options.jitter !== undefined ? { jitter: durationFlag('--jitter', options.jitter) } : {}),
    ...(options.loss !== undefined ? { lossPercent: percentFlag('--loss', options.loss) } : {}),
    ...(options.correlation !== undefined
      ? { correlationPercent: percentFlag('--correlation', options.correlation) }
      : {}),
    ...(options.to !== undefined ? { to: options.to } : {}),
    ...(options.port !== undefined ? { ports: options.port.map((port) => wholeNumberFlag('--port', port)) } : {}),
    ...(options.count !== undefined ? { count: wholeNumberFlag('--count', options.count) } : {}),
    ...(options.percent !== undefined ? { percent: percentFlag('--percent', options.percent) } : {}),
    ...(options.interface !== undefined ? { interface: options.interface } : {}),
    ...(options.duration !== undefined ? { duration: durationFlag('--duration', options.duration) } : {}),
  };
  // The monkey's own schema holds the limits (delay ≤ 10s, loss ≤ 50%, 1m–12h, CIDR and port shapes).
  const { latencyParams } = await import('../../../monkeys/latency/params.js');
  const checked = latencyParams.safeParse(params);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const flag = FLAG_OF[String(issue?.path[0] ?? '')];
    throw new InputError(flag ? `${flag}: ${issue?.message}` : String(issue?.message));
  }
  return params;
}

/** `simian latency --group g --delay 200ms --jitter 50ms [--loss 1%] [--to cidr]… [--port n]… --duration 10m`. */
export function register(program: Command): void {
  withMonkeyRunOptions(
    program
      .command('latency')
      .description(
        'Latency Monkey: network delay on some instances of each opted-in group (simian:latency=enabled), undone after --duration',
      ),
  )
    .option('--group <name>', 'aim at one Auto Scaling group')
    .option('--delay <duration>', 'added to each delayed packet, 1ms to 10s (default 200ms)')
    .option('--jitter <duration>', 'random variation around the delay, up to 10s (default none)')
    .option('--loss <percent>', 'also drop this percent of the delayed packets, at most 50% (default none)')
    .option('--correlation <percent>', "how much each packet's jitter and loss follow the previous one's")
    .addOption(repeatableOption(new Option('--to <cidr>', 'delay only traffic toward this IPv4 CIDR (repeatable)')))
    .addOption(repeatableOption(new Option('--port <port>', 'delay only traffic toward this port (repeatable)')))
    .option('--count <n>', 'instances per group (default 1)')
    .option('--percent <p>', "or this percent of each group's InService instances, rounded up")
    .option('--interface <name>', "the network interface (default: the host's default route's)")
    .option('--duration <duration>', 'how long the delay lasts before the host removes it, 1m to 12h (default 10m)')
    .action(async (options: LatencyOptions) => {
      const params = await latencyFlagParams(options);
      const regions = await runRegions(options);
      const region = regions[0] as string;
      const { runMonkeyCommand } = await import('../monkey-command.js');
      process.exitCode = await runMonkeyCommand(options, {
        monkey: 'latency',
        region,
        regions,
        params,
        confirm: options.group ? { what: 'group', expected: options.group } : { what: 'region', expected: region },
      });
    });
}
