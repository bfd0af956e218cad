#!/usr/bin/env node
// `npm run demo [-- --for 30m]`: works on a fresh machine. Installs the local peers if missing (redis-server,
// moto), builds simian when dist/ is missing or older than the sources, then runs `simian demo`.
// Nothing here touches a real AWS account.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    process.stderr.write(`simian demo: could not ${what} (${why})\n`);
    process.exit(result.status || 1);
  }
}

/** The newest modification time of any .ts file under the given directories. */
function newestSource(dirs) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of dirs) if (existsSync(dir)) walk(dir);
  return newest;
}

run('bash', [join(root, 'scripts', 'ensure-peers.sh')], 'install redis-server and moto');
const cli = join(root, 'dist', 'core', 'cli', 'bin', 'simian.js');
if (!existsSync(cli) || statSync(cli).mtimeMs < newestSource([join(root, 'core'), join(root, 'monkeys')])) {
  process.stderr.write('simian demo: building simian (npm run build)\n');
  run('npm', ['run', '--silent', 'build'], 'build simian');
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const demo = spawn(process.execPath, [cli, 'demo', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
// Ctrl-C reaches the demo too (same process group): let it stop its sandbox, then exit with its code.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
demo.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
