import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { simian } from '../support/cli.js';
import { testRedisYaml, writeConfigFile } from '../support/config-file.js';

interface Healthcheck {
  test: string[];
}
interface Service {
  image?: string;
  build?: string;
  command?: string[];
  profiles?: string[];
  restart?: string;
  environment?: Record<string, string | null>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: Healthcheck;
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  stop_grace_period?: string;
  user?: string;
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const FLEET = ['scheduler', 'worker', 'service'] as const;
const sandboxName = (name: string) => `sandbox-${name}`;

/**
 * `docker compose config -q` for a profile, with the compose plugin (v2) or the standalone `docker-compose`,
 * whichever is installed and answers; undefined when neither is.
 */
function dockerCompose(): ((profile: string) => { status: number | null; stderr: string }) | undefined {
  const command = [['docker', 'compose'], ['docker-compose']].find(([bin, ...args]) => {
    const probe = spawnSync(bin ?? '', [...args, 'version'], { encoding: 'utf8' });
    return !probe.error && probe.status === 0;
  });
  if (!command) return undefined;
  const [bin, ...args] = command;
  return (profile) => {
    const run = spawnSync(bin ?? '', [...args, '-f', 'docker-compose.yml', '--profile', profile, 'config', '-q'], {
      encoding: 'utf8',
      env: { ...process.env, HOME: process.env.HOME ?? '/root' },
    });
    return { status: run.status, stderr: run.stderr };
  };
}

describe('docker-compose.yml', () => {
  it('runs durable Redis, moto for the sandbox, one scheduler, two workers and the service, per profile (checked by `docker compose config` too where it is installed)', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['moto', 'redis', ...FLEET, ...FLEET.map(sandboxName)].sort() as string[],
    );
    const redis = services.redis as Service;
    expect(redis.profiles).toBeUndefined(); // both profiles need it
    const flags = (redis.command ?? []).join(' ');
    expect(flags).toContain('--appendonly yes');
    expect(flags).toContain('--maxmemory-policy noeviction');
    expect(redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(redis.volumes).toContain('redis-data:/data');
    expect(compose.volumes).toHaveProperty('redis-data');
    expect(services.moto?.profiles).toEqual(['sandbox']);
    expect(services.moto?.healthcheck?.test.join(' ')).toContain('5000');

    for (const [profile, name] of [
      ['aws', (role: string) => role],
      ['sandbox', sandboxName],
    ] as const) {
      const role = (which: (typeof FLEET)[number]) => services[name(which)] as Service;
      for (const which of FLEET) {
        const service = role(which);
        expect(service.profiles, name(which)).toEqual([profile]);
        expect(service.restart, name(which)).toBe('unless-stopped');
        expect(service.image, name(which)).toBe('simian:local');
        expect(service.depends_on?.redis, name(which)).toEqual({ condition: 'service_healthy' });
        expect(service.environment?.SIMIAN_REDIS_URL, name(which)).toBe('redis://redis:6379');
        expect(service.healthcheck?.test.length, name(which)).toBeGreaterThan(1);
        expect(
          service.volumes?.some((volume) => volume.endsWith(':/app/simian.yaml:ro')),
          name(which),
        ).toBe(true);
        expect(service.stop_grace_period, name(which)).toBe('45s');
      }
      expect(role('scheduler').command?.[0]).toBe('scheduler');
      expect(role('worker').command?.[0]).toBe('worker');
      expect(role('worker').deploy?.replicas).toBe(2);
      const http = role('service');
      expect(http.command).toEqual(['serve', '-c', '/app/simian.yaml', '--host', '0.0.0.0', '--port', '8080']);
      expect(http.ports).toEqual(['127.0.0.1:8080:8080']);
      expect(http.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:8080/healthcheck');
    }
    expect(services.redis?.restart).toBe('unless-stopped');
    expect(services.moto?.restart).toBe('unless-stopped');

    // The structure above holds either way; compose's own validation runs where its plugin is installed.
    const config = dockerCompose();
    for (const profile of config ? ['aws', 'sandbox'] : []) {
      const result = config?.(profile);
      expect(result?.status, `${profile}: ${result?.stderr}`).toBe(0);
    }
  });

  it('takes real AWS credentials from the environment or a read-only ~/.aws, the sandbox from moto', () => {
    for (const which of FLEET) {
      const real = services[which] as Service;
      expect(real.environment?.AWS_ENDPOINT_URL, which).toBeUndefined();
      for (const variable of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
        // No value in compose: passed through from the shell when set, never an empty string.
        expect(real.environment, `${which} ${variable}`).toHaveProperty(variable, null);
      }
      // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's own interpolation, not a JavaScript one
      expect(real.volumes).toContain('${HOME}/.aws:/home/node/.aws:ro');
      const sandbox = services[sandboxName(which)] as Service;
      expect(sandbox.environment?.AWS_ENDPOINT_URL).toBe('http://moto:5000');
      expect(sandbox.depends_on?.moto).toEqual({ condition: 'service_healthy' });
      expect(sandbox.volumes?.some((volume) => volume.includes('.aws'))).toBe(false);
    }
  });

  it('scheduler and workers are healthy exactly while `simian killswitch status` can read Redis', async () => {
    const test = (services.scheduler as Service).healthcheck?.test ?? [];
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', 'dist/core/cli/bin/simian.js']);
    const args = test.slice(3).map((arg) => (arg === '/app/simian.yaml' ? writeConfigFile(testRedisYaml()) : arg));
    const { code, stdout } = await simian(...args);
    expect(code).toBe(0);
    expect(stdout).toMatch(/off/i);
    const unreachable = writeConfigFile('redis:\n  url: redis://127.0.0.1:1\n');
    const down = await simian(...test.slice(3).map((arg) => (arg === '/app/simian.yaml' ? unreachable : arg)));
    expect(down.code).not.toBe(0);
    expect(down.stderr).toMatch(/cannot reach Redis/);
  });
});

describe('the service health check', () => {
  it('exits 0 on 200 from /healthcheck, 1 on 503 and on no answer', async () => {
    const test = (services.service as Service).healthcheck?.test ?? [];
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    const script = test[3] ?? '';
    let status = 200;
    const server = createServer((request, response) => {
      response.statusCode = request.url === '/healthcheck' ? status : 404;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const probe = async () => {
      try {
        await promisify(execFile)(process.execPath, ['-e', script.replace('127.0.0.1:8080', `127.0.0.1:${port}`)]);
        return 0;
      } catch (error) {
        return (error as { code: number }).code;
      }
    };
    try {
      expect(await probe()).toBe(0);
      status = 503;
      expect(await probe()).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await probe()).toBe(1);
  });
});
