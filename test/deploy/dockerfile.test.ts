import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The Dockerfile's instructions (continuation lines joined, comments dropped), grouped by stage. */
function stages(text: string): { from: string; name: string | undefined; instructions: string[] }[] {
  const lines = text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const result: { from: string; name: string | undefined; instructions: string[] }[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) result.push({ from: from[1] ?? '', name: from[2], instructions: [] });
    else result.at(-1)?.instructions.push(line);
  }
  return result;
}

const text = readFileSync('Dockerfile', 'utf8');
const dockerfile = stages(text);
/** The value an ARG before the first FROM gives a `${NAME}` in a FROM line (the base image, named once). */
function resolveBase(from: string): string {
  const arg = /^\$\{(\w+)\}$/.exec(from)?.[1];
  if (!arg) return from;
  return new RegExp(`^ARG\\s+${arg}=(\\S+)`, 'm').exec(text)?.[1] ?? from;
}
const build = dockerfile[0];
const runtime = dockerfile.at(-1);
const ignored = readFileSync('.dockerignore', 'utf8').split('\n');

describe('Dockerfile', () => {
  it('builds with the dev dependencies, then ships production dependencies and dist/ on a small base', () => {
    expect(dockerfile.length).toBe(2);
    // A Node LTS still supported (Node 20 left support on 2026-04-30), pinned by digest: a tag moves under a rebuild.
    for (const stage of dockerfile)
      expect(resolveBase(stage.from)).toMatch(/^node:(22|24)-(slim|alpine)@sha256:[0-9a-f]{64}$/);
    expect(build?.name).toBe('build');
    expect(build?.instructions).toContain('RUN npm ci --ignore-scripts');
    expect(build?.instructions).toContain('RUN npm run build');
    const run = runtime?.instructions.filter((line) => line.startsWith('RUN ')) ?? [];
    expect(run.some((line) => line.includes('npm ci --omit=dev'))).toBe(true);
    expect(runtime?.instructions).toContain('COPY --from=build /app/dist ./dist');
    // Nothing of the build stage's node_modules (dev dependencies) reaches the runtime.
    expect(runtime?.instructions.some((line) => /--from=build .*node_modules/.test(line))).toBe(false);
    expect(runtime?.instructions).toContain('ENTRYPOINT ["node", "dist/core/cli/bin/simian.js"]');
  });

  it('copies into the build stage every script `npm run build` runs and every local module those import', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    const wanted = new Set<string>();
    const visit = (path: string) => {
      if (wanted.has(path)) return;
      wanted.add(path);
      for (const [, local] of readFileSync(path, 'utf8').matchAll(/from '(\.{1,2}\/[^']+\.mjs)'/g))
        visit(normalize(join(dirname(path), local as string)));
    };
    for (const [, script] of (manifest.scripts.build ?? '').matchAll(/node (scripts\/\S+\.mjs)/g))
      visit(script as string);
    expect(wanted.size).toBeGreaterThan(2);
    // What a COPY into the build stage brings: its sources, as files or folders.
    const copied = (build?.instructions ?? [])
      .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    const isCopied = (path: string) =>
      copied.some((source) => path === source || path.startsWith(`${source.replace(/\/$/, '')}/`));
    expect([...wanted].filter((path) => !isCopied(path))).toEqual([]);
  });

  it('runs as an unprivileged user with a health check on /healthcheck', () => {
    const user = runtime?.instructions.filter((line) => line.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user?.split(/\s+/)[1]).not.toMatch(/^(root|0)(:|$)/);
    const health = runtime?.instructions.find((line) => line.startsWith('HEALTHCHECK '));
    expect(health).toContain('http://127.0.0.1:8080/healthcheck');
    expect(health).toMatch(/--interval=\d+s/);
  });

  it('keeps dependencies, builds, git and credentials out of the build context', () => {
    for (const entry of ['node_modules', 'dist', '.git', '.env', '.aws']) expect(ignored, entry).toContain(entry);
  });
});
