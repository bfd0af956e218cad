#!/usr/bin/env node
// `npm run torture [-- --quick] [-- scenario ...]`: installs the local peers if missing (redis-server, moto), builds the
// CLI when a source is newer than dist/ (the suite runs it as real processes), then runs bench/torture/main.ts with
// tsx. The suite starts its own moto and Redis; nothing touches a real AWS account.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const peers = spawnSync('bash', [join(root, 'scripts', 'ensure-peers.sh')], { cwd: root, stdio: 'inherit' });
if (peers.error || peers.status !== 0) {
  process.stderr.write('simian torture: could not install redis-server and moto\n');
  process.exit(peers.status || 1);
}

/** The newest modification time of any .ts file under `dir`. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}
let built = 0;
try {
  built = statSync(join(root, 'dist', 'core', 'cli', 'bin', 'simian.js')).mtimeMs;
} catch {}
if (Math.max(newestSource(join(root, 'core')), newestSource(join(root, 'monkeys'))) > built) {
  process.stderr.write('simian torture: building the CLI (npm run build)\n');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status || 1);
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const suite = spawn(tsx, [join(root, 'bench', 'torture', 'main.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
// Ctrl-C reaches the suite too (same process group): let it stop its peers, then exit with its code.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
suite.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
