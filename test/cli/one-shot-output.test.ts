import { execFile, spawn } from 'node:child_process';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTimeline } from '../../core/events/timeline.js';
import { logSentence } from '../../core/log.js';
import { freePort } from '../../core/sandbox/peers.js';
import { simianScript } from '../queue/support/fleet-processes.js';
import { testRedisYaml, writeConfigFile } from '../support/config-file.js';
import { MOTO_ACCOUNT, testRedis, uniquePrefix } from '../support/env.js';
import { waitFor } from '../support/wait-for.js';

/**
 * What a one-shot command writes on a real stderr (a child process: pino writes to file descriptor 2 directly, which
 * an in-process spy never sees).
 */
const run = promisify(execFile);
const env: NodeJS.ProcessEnv = { ...process.env };
delete env.SIMIAN_LOG_LEVEL;

async function simianProcess(args: string[], extraEnv: Record<string, string> = {}) {
  const script = await simianScript();
  return run(process.execPath, [script, ...args], { env: { ...env, ...extraEnv } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

let redis: Redis;
beforeAll(() => {
  redis = testRedis();
});
afterAll(() => redis.disconnect());

describe('one-shot commands print sentences, not log lines', () => {
  it('simian events with Redis unreachable prints one sentence, no JSON log line before it', async () => {
    const config = writeConfigFile(`redis:\n  url: redis://127.0.0.1:${await freePort()}\n`);
    const { code, stdout, stderr } = await simianProcess(['events', '-c', config]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).not.toContain('{');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^simian: .*Redis/);
  });

  it('every command that needs Redis ends with one sentence when Redis accepts connections and never answers', async () => {
    const held = new Set<Socket>();
    const blackHole = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const url = `redis://127.0.0.1:${(blackHole.address() as AddressInfo).port}`;
    const config = writeConfigFile(`redis:\n  url: ${url}\n`);
    try {
      const commands = [['events'], ['schedule'], ['revert', '--list'], ['killswitch', 'status']];
      const results = await Promise.all(commands.map((argv) => simianProcess([...argv, '-c', config])));
      for (const [index, { code, stdout, stderr }] of results.entries()) {
        const what = commands[index]?.join(' ');
        expect({ what, code, stdout }).toEqual({ what, code: 1, stdout: '' });
        expect(stderr).toMatch(/^simian: (cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+: )?Redis unreachable .*\n$/);
      }
    } finally {
      for (const socket of held) socket.destroy();
      blackHole.close();
    }
  });

  it('--debug shows the logs too', async () => {
    const config = writeConfigFile(`redis:\n  url: redis://127.0.0.1:${await freePort()}\n`);
    const { code, stderr } = await simianProcess(['events', '-c', config, '--debug']);
    expect(code).toBe(1);
    expect(stderr).toContain('cannot reach Redis');
  });

  it('a config warning (an unknown SIMIAN_* variable) is one sentence', async () => {
    const config = writeConfigFile(testRedisYaml(uniquePrefix('one-shot')));
    const { code, stderr } = await simianProcess(['events', '-c', config], { SIMIAN_CAPS_MAX_PER_RUNS: '3' });
    expect(code).toBe(0);
    expect(stderr).toBe(
      'simian: warning: SIMIAN_CAPS_MAX_PER_RUNS is not a simian setting and is ignored (did you mean "SIMIAN_CAPS_MAX_PER_RUN"?)\n' +
        'simian: no events match\n',
    );
  });

  it('events --follow --json prints JSON Lines: one event object per line, as they come', async () => {
    const prefix = uniquePrefix('follow');
    const timeline = new RedisTimeline(redis, { prefix });
    const event = {
      desc: 'did terminate-instance',
      dryRun: true,
      region: 'us-east-1',
      zone: 'us-east-1a',
      account: MOTO_ACCOUNT,
      monkey: 'chaos' as const,
    };
    await timeline.record({ ...event, type: 'Action', resource: 'i-first', group: 'web' });
    const config = writeConfigFile(testRedisYaml(prefix));
    const follower = spawn(process.execPath, [await simianScript(), 'events', '--follow', '--json', '-c', config], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    follower.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    follower.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise((resolve) => follower.once('exit', resolve));
    try {
      await waitFor(async () => stdout.includes('i-first'), 'the past event');
      await timeline.record({ ...event, type: 'Action', resource: 'i-second', group: 'web' });
      await waitFor(async () => stdout.includes('i-second'), 'the followed event');
    } finally {
      follower.kill('SIGINT');
      await exited;
    }
    expect(stderr).toBe('');
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { resource: string });
    expect(lines.map((line) => line.resource)).toEqual(['i-first', 'i-second']);
  });
});

describe('logSentence', () => {
  it('turns a pino record into one sentence, with its error', () => {
    expect(logSentence('{"level":40,"msg":"cannot reach Redis","error":"connect ECONNREFUSED"}')).toBe(
      'simian: warning: cannot reach Redis: connect ECONNREFUSED\n',
    );
    expect(logSentence('{"level":50,"msg":"reload failed","err":{"message":"bad file"}}', 'gorilla')).toBe(
      'gorilla: reload failed: bad file\n',
    );
  });
});
