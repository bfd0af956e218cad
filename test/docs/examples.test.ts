import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../core/aws/clients.js';
import { seedSandboxExtras } from '../../core/sandbox/sandbox-extras.js';
import { SANDBOX_FLEETS } from '../../core/sandbox/sandbox-fleet.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { runCliCaptured } from '../support/cli.js';
import { redisUrl, testClients, uniquePrefix } from '../support/env.js';
import { type ShellExample, shellExamples, shellWords } from './shell-examples.js';

const root = join(import.meta.dirname, '..', '..');

/**
 * docs/deploy.md walks a deployment (Docker, a cluster, a real account), so its commands run in tests of their own:
 * `npm pack` → install → `simian --help` in test/deploy/npm-package.test.ts, deploy/ecs/deploy.sh against moto in
 * test/deploy/ecs-template.test.ts, `helm lint`/`helm template` in test/deploy/helm-chart.test.ts.
 */
const NOT_SCANNED = new Set(['docs/deploy.md']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'img' ? [] : markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

const files = [join(root, 'README.md'), ...markdownFiles(join(root, 'docs'))].filter(
  (file) => !NOT_SCANNED.has(relative(root, file)),
);
const examples: ShellExample[] = files.flatMap((file) => shellExamples(file).examples);

/**
 * Programs the test cannot run inside itself (they install, build, start services or run this very suite): CI runs
 * them (.ci/run). Any other program's example must sit in a block marked `<!-- examples: not run (why) -->`.
 */
const DEVELOPMENT_PROGRAMS = ['npm', 'node', 'docker', 'bash', 'vitest'];

/** The simian CLI as the docs write it: `simian …`, `gorilla …`, or the same through npx. */
function simianArgv(words: readonly string[]): { argv: string[]; name: string } {
  const [first, second] = words;
  const program = first === 'npx' ? second : first;
  const rest = words.slice(first === 'npx' ? 2 : 1);
  return program === 'gorilla' ? { argv: ['gorilla', ...rest], name: 'gorilla' } : { argv: rest, name: 'simian' };
}

let clients: AwsClients;
const saved: Record<string, string | undefined> = {};
/** The test's own Redis (under a prefix of its own) for every config the examples load, ./simian.yaml included. */
const ENV = { SIMIAN_REDIS_URL: redisUrl(), SIMIAN_REDIS_PREFIX: uniquePrefix('docs') };

beforeAll(async () => {
  for (const [name, value] of Object.entries(ENV)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  clients = testClients();
  // The sandbox of `npm run demo`, on the test's own moto.
  const fleets = await Promise.all(SANDBOX_FLEETS.map((spec) => seedFleet(clients, spec)));
  await seedSandboxExtras(clients, fleets);
}, 300_000);

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  clients.destroy();
});

describe('every shell example of README.md and docs/ works as written on the sandbox', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThan(50);
  });

  it.each(examples.map((example) => [`${relative(root, example.file)}:${example.line} ${example.command}`, example]))(
    '%s',
    async (_name, example) => {
      const [first, second] = example.command.split(/\s+/);
      const program = first === 'npx' ? second : first;
      if (program !== 'simian' && program !== 'gorilla') {
        expect(
          DEVELOPMENT_PROGRAMS,
          `${program} is not run by this test: mark its block <!-- examples: not run (why) -->`,
        ).toContain(program);
        return;
      }
      const cli = simianArgv(shellWords(example.command).words);
      const outcome = await runCliCaptured(cli.argv, cli.name);
      expect(
        outcome.code,
        `${example.command} exited ${outcome.code}, the text says ${example.exit}:\n${outcome.stderr}${outcome.stdout.slice(-800)}`,
      ).toBe(example.exit);
    },
    120_000,
  );
});
