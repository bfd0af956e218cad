#!/usr/bin/env node
// `npm run bench [-- terminate inventory tracker]`: installs the local peers if missing (redis-server, moto), then
// runs bench/main.ts with tsx. The benchmarks start their own moto and Redis; nothing touches a real AWS account.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const peers = spawnSync('bash', [join(root, 'scripts', 'ensure-peers.sh')], { cwd: root, stdio: 'inherit' });
if (peers.error || peers.status !== 0) {
  process.stderr.write('simian bench: could not install redis-server and moto\n');
  process.exit(peers.status || 1);
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const bench = spawn(tsx, [join(root, 'bench', 'main.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
// Ctrl-C reaches the benchmarks too (same process group): let them stop their peers, then exit with their code.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
bench.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
