import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../core/sandbox/peers.js';
import { MOTO_ACCOUNT } from '../accounts.js';
import { type ProcessOutcome, runBuiltCli } from './processes.js';
import { Losses, type ScenarioResult, type TortureContext } from './scenario.js';

const LIMIT_MS = 10_000;
// A command over the limit is left a little longer, to tell slow from hung.
const KILL_AFTER_MS = 5000;
const REGION = 'ca-central-1';

/** A TCP server that accepts every connection and never answers: the worst kind of unreachable. */
async function startBlackHole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Every command of `simian --help` that talks to Redis, with arguments that make it do so. */
const REDIS_COMMANDS: readonly (readonly string[])[] = [
  ['alert', '--cluster', 'c', '--severity', 'info', '--desc', 'd', '--incident-key', 'k'],
  ['chaos', '--no-dry-run', '--yes'],
  ['events'],
  ['gorilla', '--zone', `${REGION}a`, '--no-dry-run', '--yes'],
  ['killswitch', 'on', '--reason', 'torture'],
  ['killswitch', 'status'],
  ['latency', '--no-dry-run', '--yes'],
  ['revert', '--list'],
  ['revert', '--due'],
  ['schedule'],
  ['scheduler'],
  ['serve', '--port', '0'],
  ['up', '--port', '0'],
  ['worker'],
];

/** Every one-shot command that talks to AWS (the fleet commands start without AWS and call it per job). */
const AWS_COMMANDS: readonly (readonly string[])[] = [
  ['chaos'],
  ['gorilla', '--zone', `${REGION}a`],
  ['inventory'],
  ['kong', '--record', 'Z0000:a.example.com', '--region', REGION],
  ['latency'],
  ['schedule'],
];

const AWS_NAMES = /AWS|EC2|Auto Scaling|AutoScaling|Route ?53|STS|SSM|endpoint/;

/** `--quick`: the black hole for the commands most likely to hang, a closed port for one of each side. */
const QUICK = [
  'Redis black hole: alert --cluster',
  'Redis black hole: chaos --no-dry-run',
  'Redis black hole: events',
  'Redis black hole: gorilla --zone',
  'Redis black hole: killswitch on',
  'Redis black hole: revert --list',
  'Redis black hole: schedule',
  'Redis black hole: worker',
  'Redis black hole: up --port',
  'AWS black hole: chaos',
  'AWS black hole: inventory',
  'AWS black hole: gorilla',
  'Redis closed port: gorilla --zone',
  'AWS closed port: gorilla',
];

interface Case {
  readonly label: string;
  readonly argv: readonly string[];
  /** What the sentence must name. */
  readonly names: RegExp;
}

/** The outcome is fine when the command ended in time, and either succeeded or said in one line what it could not reach. */
function judge(outcome: ProcessOutcome, names: RegExp): string | undefined {
  if (outcome.hung) return `still running after ${(LIMIT_MS + KILL_AFTER_MS) / 1000} s (killed)`;
  if (outcome.ms > LIMIT_MS) return `took ${(outcome.ms / 1000).toFixed(1)} s`;
  if (outcome.code === 0) return undefined;
  // A fleet process logs JSON lines; the sentence for the person is the plain line.
  const lines = outcome.stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('simian: warning:') && !line.startsWith('{"level":'));
  if (lines.some((line) => /^\s+at /.test(line))) return 'printed a stack trace';
  // Refused (exit 3): the run's report on stdout names the guard that could not reach Redis.
  if (outcome.code === 3)
    return names.test(outcome.stdout) ? undefined : 'refused without naming what it could not reach';
  const last = lines.at(-1) ?? '';
  if (!names.test(last)) return `exited ${outcome.code} saying ${JSON.stringify(last)}`;
  if (lines.length > 1) return `printed ${lines.length} lines: ${JSON.stringify(lines.slice(0, 3))}`;
  return undefined;
}

async function inParallel<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: width }, async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index] as T);
  });
  await Promise.all(lanes);
  return results;
}

/**
 * Every command with Redis unreachable, and every one-shot command with AWS unreachable (a black hole that accepts
 * and never answers, and a closed port): each ends within 10 s, with one sentence naming what it could not reach.
 */
export async function tortureUnreachable(context: TortureContext): Promise<ScenarioResult> {
  const losses = new Losses();
  const dir = mkdtempSync(join(tmpdir(), 'simian-torture-unreachable-'));
  const hole = await startBlackHole();
  // The alert channel answers: with Redis unreachable an alert is still delivered (undeduplicated).
  const webhook = createHttpServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  const webhookAddress = webhook.address();
  const webhookUrl = `http://127.0.0.1:${typeof webhookAddress === 'object' && webhookAddress ? webhookAddress.port : 0}/alert`;
  const closed = await freePort();
  const peers = { 'black hole': hole.port, 'closed port': closed };
  const config = (name: string, redisUrl: string, endpointUrl: string) => {
    const path = join(dir, `${name}.yaml`);
    writeFileSync(
      path,
      stringify({
        armed: true,
        accounts: [{ id: MOTO_ACCOUNT }],
        regions: [REGION],
        redis: { url: redisUrl, prefix: 'torture-unreachable' },
        endpointUrl,
        // A black-holed AWS waits out each attempt's request timeout: the defaults (3 × 15 s) exceed the 10 s here.
        aws: { connectTimeout: '2s', requestTimeout: '2s', maxAttempts: 2 },
        http: { port: 0 },
        notifications: { webhooks: [{ name: 'ops', url: webhookUrl }] },
      }),
    );
    return path;
  };
  const cases: Case[] = [];
  for (const [peer, port] of Object.entries(peers)) {
    const redisConfig = config(`redis-${port}`, `redis://127.0.0.1:${port}`, context.motoUrl);
    for (const argv of REDIS_COMMANDS) {
      const label = `Redis ${peer}: ${argv.slice(0, 2).join(' ')}`;
      if (!context.quick || QUICK.includes(label))
        cases.push({ label, argv: [...argv, '-c', redisConfig], names: /redis/i });
    }
    const awsConfig = config(`aws-${port}`, context.redisUrl, `http://127.0.0.1:${port}`);
    for (const argv of AWS_COMMANDS) {
      const label = `AWS ${peer}: ${argv[0]}`;
      if (!context.quick || QUICK.includes(label))
        cases.push({ label, argv: [...argv, '-c', awsConfig], names: AWS_NAMES });
    }
  }
  let slowest = 0;
  try {
    const outcomes = await inParallel(cases, context.quick ? 3 : 2, (item) =>
      runBuiltCli(item.argv, { limitMs: LIMIT_MS + KILL_AFTER_MS }),
    );
    outcomes.forEach((outcome, index) => {
      const item = cases[index] as Case;
      slowest = Math.max(slowest, outcome.ms);
      const problem = judge(outcome, item.names);
      losses.expect(problem === undefined, `${item.label}: ${problem}`);
    });
  } finally {
    await hole.close();
    webhook.closeAllConnections();
    webhook.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    scenario: 'unreachable peers',
    did: `${cases.length} commands as processes with Redis or AWS a black hole or a closed port`,
    figures: `slowest ${(slowest / 1000).toFixed(1)} s (limit ${LIMIT_MS / 1000} s)`,
    losses: losses.list,
  };
}
