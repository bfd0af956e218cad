import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's libfaketime, under its multiarch directory (x86_64-linux-gnu, aarch64-linux-gnu ...). */
function findLibrary(): string | undefined {
  const dirs = existsSync('/usr/lib') ? readdirSync('/usr/lib') : [];
  return dirs.map((dir) => join('/usr/lib', dir, 'faketime', 'libfaketime.so.1')).find((path) => existsSync(path));
}

/** libfaketime's path, installed first (apt-get, as root) when it is missing, as scripts/ensure-peers.sh does. */
export function libfaketime(): string {
  const found = findLibrary();
  if (found) return found;
  if (process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0) {
    process.stderr.write('torture: installing libfaketime (apt-get)\n');
    spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libfaketime'], {
      stdio: 'ignore',
    });
  }
  const installed = findLibrary();
  if (!installed) throw new Error("libfaketime is missing: install it with 'sudo apt-get install libfaketime'");
  return installed;
}

/**
 * The wall clock of the processes started with `env`, moved while they run: libfaketime (LD_PRELOAD) reads the
 * offset from a file at every clock read (FAKETIME_NO_CACHE), so rewriting the file jumps their clock at once. The
 * monotonic clock stays real (FAKETIME_DONT_FAKE_MONOTONIC): timers and timeouts run as before, only the date moves,
 * as when NTP steps a host's clock.
 */
export class FakeClock {
  private readonly dir = mkdtempSync(join(tmpdir(), 'simian-torture-clock-'));
  private readonly file = join(this.dir, 'faketimerc');
  private offsetSeconds = 0;
  readonly env: Record<string, string>;

  constructor() {
    writeFileSync(this.file, '+0\n');
    this.env = {
      LD_PRELOAD: libfaketime(),
      FAKETIME_TIMESTAMP_FILE: this.file,
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    };
  }

  /** Moves the processes' clock to `at` (to the second) from now on. */
  set(at: Date): void {
    this.offsetSeconds = Math.round((at.getTime() - Date.now()) / 1000);
    writeFileSync(this.file, `${this.offsetSeconds >= 0 ? '+' : ''}${this.offsetSeconds}\n`);
  }

  /** What the processes' clock says now. */
  now(): Date {
    return new Date(Date.now() + this.offsetSeconds * 1000);
  }

  /** How far (ms) Node's Date.now under this clock is from what it should say: near 0 when libfaketime works. */
  check(): number {
    const answer = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(Date.now()))'], {
      env: { ...process.env, ...this.env },
      encoding: 'utf8',
    });
    return Number(answer.stdout) - this.now().getTime();
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
