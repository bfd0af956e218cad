import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { freePort } from '../../core/sandbox/peers.js';
import { redisUrl, uniquePrefix } from '../support/env.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};

interface LockEntry {
  readonly dev?: boolean;
}

/**
 * An install of the packed tarball with no network: a lockfile that pins simian to the tarball and every production
 * dependency to the version, address and integrity the repository's own lockfile holds, so `npm ci --offline`
 * takes each from npm's cache, as `npm install simian` would lay it out.
 */
function offlineProject(dir: string, tarball: string): void {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry & Record<string, unknown>>;
  };
  const self = lock.packages[''] ?? {};
  const dependencies = { simian: `file:${tarball}` };
  const packages: Record<string, unknown> = {
    '': { name: 'adopter', dependencies },
    'node_modules/simian': {
      version: manifest.version,
      resolved: `file:${tarball}`,
      dependencies: self.dependencies,
      bin: manifest.bin,
      engines: self.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && !entry.dev) packages[path] = entry;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'adopter', private: true, dependencies }));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'adopter', lockfileVersion: 3, packages }));
}

/** Resolves once the child printed `text` (stdout or stderr); rejects when it exits first. */
function printed(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(text)) resolve();
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`exited ${code} before "${text}": ${output}`)));
  });
}

describe('the npm package', () => {
  const work = mkdtempSync(join(tmpdir(), 'simian-package-'));
  const project = join(work, 'adopter');
  const bin = join(project, 'node_modules', '.bin', 'simian');
  let files: string[];
  let serve: ChildProcess | undefined;

  beforeAll(async () => {
    // What `npm pack` runs as `prepare` (npm run build), less tsc: the bundle and the dashboard the package ships.
    await run(process.execPath, [join(root, 'scripts', 'bundle-cli.mjs')]);
    await run(process.execPath, [join(root, 'scripts', 'build-dashboard.mjs')]);
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: root,
    });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    files = packed?.files.map((file) => file.path) ?? [];
    mkdirSync(project);
    offlineProject(project, join(work, packed?.filename ?? 'missing.tgz'));
    await run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project });
  }, 300_000);

  afterAll(() => {
    serve?.kill('SIGTERM');
  });

  it('ships what a user runs, under 400 files: the bundle, the dashboard, schedules, schemas, licence and changelog', () => {
    expect(files.length).toBeLessThan(400);
    for (const path of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      manifest.bin.simian,
      manifest.bin.gorilla,
      'dist/dashboard/index.html',
      'dist/dashboard/app.js',
      'schemas/simian.schema.json',
      'schedules/chaos.yaml',
      'simian.yaml',
      'sandbox/simian.yaml',
    ]) {
      expect(files, path).toContain(path);
    }
    // No tests, sources, source maps or the one-file-per-module build the image uses.
    const unwanted = files.filter((path) => /^(test|bench|core|monkeys|ui|dist\/core)\/|\.ts$|\.map$/.test(path));
    expect(unwanted).toEqual([]);
  });

  it('installs offline and `simian --help` runs from the installed bin (shebang, ESM, no repository)', async () => {
    const help = await run(bin, ['--help'], { cwd: project });
    expect(help.stdout).toContain('Usage: simian');
    expect(help.stderr).toBe('');
    const version = await run(bin, ['--version'], { cwd: project });
    expect(version.stdout.trim()).toBe(manifest.version);
    const gorilla = await run(join(project, 'node_modules', '.bin', 'gorilla'), ['--help'], { cwd: project });
    expect(gorilla.stdout).toContain('--zone');
  });

  it('runs a real command from the package: the example config validates, the IAM policy is generated', async () => {
    const installed = join(project, 'node_modules', 'simian');
    const validate = await run(bin, ['validate', '-c', join(installed, 'simian.yaml')], { cwd: project });
    expect(validate.stdout).toMatch(/^ok: \d+ files valid/);
    const policy = await run(bin, ['iam-policy', '--monkeys', 'chaos'], { cwd: project });
    expect(policy.stdout).toContain('SimianChaosOptInOwnTag');
  });

  it("serves the dashboard from the package's own dist/dashboard", async () => {
    const port = await freePort();
    const config = join(work, 'simian.yaml');
    writeFileSync(config, stringify({ redis: { url: redisUrl(), prefix: uniquePrefix('package') }, http: { port } }));
    serve = spawn(bin, ['serve', '-c', config, '--port', String(port)], { cwd: project });
    await printed(serve, 'listening');
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/dashboard/app.js');
    const script = await fetch(`http://127.0.0.1:${port}/dashboard/app.js`);
    expect(await script.text()).toBe(
      readFileSync(join(project, 'node_modules', 'simian', 'dist', 'dashboard', 'app.js'), 'utf8'),
    );
  });
});
