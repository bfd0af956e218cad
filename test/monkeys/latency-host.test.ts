import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelHostFaultScript } from '../../core/actuator/effects/host-fault-scripts.js';
import { networkLatencyScript } from '../../core/actuator/effects/latency-script.js';

/**
 * The latency script run by a real shell on a pretend host: `tc`, `ip`, `systemd-run` and `systemctl` are stubs
 * that log their arguments (nothing touches this machine's network), and the state directory /run/simian is
 * swapped for a temporary one. What it shows: the order of the steps, idempotence, and the failure paths.
 */
let root: string;
let stateDir: string;
let log: string;

const STUBS: Record<string, string> = {
  tc: 'echo "tc $*" >>"$STUB_LOG"; case "$*" in *"$TC_FAIL"*) [ -n "$TC_FAIL" ] && exit 2;; esac; exit 0',
  ip: 'echo "default via 10.0.0.1 dev eth0 proto dhcp"',
  'systemd-run': 'echo "systemd-run $*" >>"$STUB_LOG"',
  systemctl: 'exit 0',
};

function onHost(lines: readonly string[], tcFail = '') {
  const script = lines.join('\n').replaceAll('/run/simian', stateDir);
  const ran = spawnSync('sh', [], {
    input: script,
    env: { PATH: `${join(root, 'bin')}:${process.env.PATH}`, STUB_LOG: log, TC_FAIL: tcFail },
  });
  return { code: ran.status, stdout: ran.stdout.toString(), stderr: ran.stderr.toString() };
}

const logged = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
const undoFile = () => join(stateDir, 'network-latency.undo');
const script = networkLatencyScript({
  durationSeconds: 600,
  delayMs: 200,
  jitterMs: 50,
  destinations: ['10.0.0.0/8'],
  ports: [443],
});

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'simian-latency-host-'));
  spawnSync('mkdir', ['-p', join(root, 'bin')]);
  for (const [name, body] of Object.entries(STUBS)) {
    writeFileSync(join(root, 'bin', name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(root, 'bin', name), 0o755);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function freshHost() {
  stateDir = mkdtempSync(join(root, 'run-'));
  log = join(stateDir, 'stub.log');
}

describe('the latency script on a pretend host', () => {
  it('arms the host timer, then adds prio, netem and the filter; a second delivery changes nothing', () => {
    freshHost();
    const first = onHost(script);
    expect(first).toMatchObject({ code: 0, stdout: 'simian: network-latency started for 600s\n' });
    expect(logged()).toEqual([
      `systemd-run --on-active=600 --unit=simian-undo-network-latency /bin/sh -c [ -f ${undoFile()} ] && sh ${undoFile()}`,
      'tc qdisc add dev eth0 root handle 1: prio bands 3 priomap 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2',
      'tc qdisc add dev eth0 parent 1:1 handle 10: netem delay 200ms 50ms',
      'tc filter add dev eth0 protocol ip parent 1:0 prio 1 u32 match ip dst 10.0.0.0/8 match ip dport 443 0xffff flowid 1:1',
    ]);
    expect(existsSync(undoFile())).toBe(true);

    const again = onHost(script);
    expect(again).toMatchObject({ code: 0, stdout: 'simian: network-latency already active\n' });
    expect(logged()).toHaveLength(4);
  });

  it('the cancel removes only the prio root and the undo file; a second cancel (or the timer after it) does nothing', () => {
    freshHost();
    onHost(script);
    const cancel = onHost(cancelHostFaultScript('network-latency'));
    expect(cancel).toMatchObject({ code: 0, stdout: 'simian: network-latency undone\n' });
    expect(logged().at(-1)).toBe('tc qdisc del dev eth0 root prio');
    expect(existsSync(undoFile())).toBe(false);
    expect(onHost(cancelHostFaultScript('network-latency')).stdout).toBe('simian: network-latency not active\n');
    expect(logged().filter((line) => line.startsWith('tc qdisc del'))).toHaveLength(1);
  });

  it('an interface that already has a root qdisc is left alone: exit 1, nothing to undo later', () => {
    freshHost();
    const refused = onHost(script, 'root handle 1: prio');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'simian: cannot add netem to eth0 (it already has a root qdisc, or tc is missing)',
    );
    expect(existsSync(undoFile())).toBe(false);
    expect(logged().filter((line) => line.startsWith('tc qdisc del'))).toEqual([]);
  });

  it('a tc line failing after the root is added removes what was added, then fails the command', () => {
    freshHost();
    const failed = onHost(script, 'filter add');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('simian: netem setup failed on eth0: undone');
    expect(logged().at(-1)).toBe('tc qdisc del dev eth0 root prio');
    expect(existsSync(undoFile())).toBe(false);
  });
});
