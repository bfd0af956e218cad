import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cancelHostFaultScript } from '../../core/actuator/effects/host-fault-scripts.js';
import { delayNetworkParams, networkLatencyScript } from '../../core/actuator/effects/latency-script.js';
import { netemArguments } from '../../core/actuator/effects/netem.js';
import { latencyParams } from '../../monkeys/latency/params.js';
import { delayParamsOf } from '../../monkeys/latency/plan.js';

/** Parses a script with the system shell without running it (`sh -n`). */
function shellSyntaxError(lines: readonly string[]): string {
  const checked = spawnSync('sh', ['-n'], { input: lines.join('\n') });
  return checked.status === 0 ? '' : checked.stderr.toString();
}

const line = (script: readonly string[], text: string) => script.findIndex((entry) => entry.includes(text));

describe('the latency host script', () => {
  it('delays all traffic with netem as the root qdisc, the expiry armed before tc runs', () => {
    const script = networkLatencyScript({ durationSeconds: 600, delayMs: 200, jitterMs: 50, correlationPercent: 25 });
    expect(shellSyntaxError(script)).toBe('');
    expect(script).toContain('D=600');
    expect(script).toContain('  rm -f /run/simian/network-latency.undo; exit 1');
    const add = line(script, 'tc qdisc add dev "$IFACE" root netem delay 200ms 50ms 25%');
    const undoWritten = line(script, "cat >/run/simian/network-latency.undo <<'SIMIAN_UNDO'");
    const removal = line(script, 'tc qdisc del dev "$IFACE" root netem');
    const expiry = line(script, 'systemd-run --on-active="$D" --unit=simian-undo-network-latency');
    const fallback = line(script, 'sleep "$1"; [ -f /run/simian/network-latency.undo ]');
    expect(line(script, 'network-latency already active')).toBeLessThan(undoWritten);
    expect(undoWritten).toBeLessThan(removal);
    expect(removal).toBeLessThan(expiry);
    expect(expiry).toBeLessThan(fallback);
    expect(fallback).toBeLessThan(add);
    expect(script.at(-1)).toBe('echo "simian: network-latency started for 600s"');
  });

  it('toward CIDRs and ports: a prio root, netem on band 1, one u32 filter per CIDR × port', () => {
    const script = networkLatencyScript({
      durationSeconds: 120,
      delayMs: 300,
      lossPercent: 1,
      destinations: ['10.0.0.0/8', '192.0.2.7'],
      ports: [443, 5432],
      interface: 'ens5',
    });
    expect(shellSyntaxError(script)).toBe('');
    const text = script.join('\n');
    expect(text).toContain('IFACE=ens5');
    expect(text).not.toContain('ip route show default');
    expect(text).toContain(
      'tc qdisc add dev "$IFACE" root handle 1: prio bands 3 priomap 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2',
    );
    expect(text).toContain('tc qdisc add dev "$IFACE" parent 1:1 handle 10: netem delay 300ms loss 1%');
    const filters = script.join(' && ').match(/tc filter add dev "\$IFACE" protocol ip parent 1:0 prio 1 u32 [^&;]+/g);
    expect(filters?.map((filter) => filter.replace(/.* u32 /, '').trim())).toEqual([
      'match ip dst 10.0.0.0/8 match ip dport 443 0xffff flowid 1:1',
      'match ip dst 10.0.0.0/8 match ip dport 5432 0xffff flowid 1:1',
      'match ip dst 192.0.2.7 match ip dport 443 0xffff flowid 1:1',
      'match ip dst 192.0.2.7 match ip dport 5432 0xffff flowid 1:1',
    ]);
    // The undo removes only a prio root (ours), and a failed filter runs the undo before failing the command.
    expect(text).toContain('tc qdisc del dev "$IFACE" root prio 2>/dev/null || true');
    expect(text).toContain(
      'sh /run/simian/network-latency.undo; echo "simian: netem setup failed on $IFACE: undone" >&2; exit 1',
    );
  });

  it('the cancel runs the same undo and is harmless when the delay already expired', () => {
    const cancel = cancelHostFaultScript('network-latency');
    expect(shellSyntaxError(cancel)).toBe('');
    expect(cancel.join('\n')).toContain(
      'if [ -f /run/simian/network-latency.undo ]; then sh /run/simian/network-latency.undo; echo "simian: network-latency undone"; else echo "simian: network-latency not active"; fi',
    );
  });

  it('netem arguments: correlation follows the jitter and the loss; nothing else is emitted', () => {
    expect(netemArguments({ delayMs: 100 })).toBe('delay 100ms');
    expect(netemArguments({ delayMs: 100, jitterMs: 10, lossPercent: 2.5, correlationPercent: 30 })).toBe(
      'delay 100ms 10ms 30% loss 2.5% 30%',
    );
    expect(delayParamsOf(latencyParams.parse({ delay: '250ms', duration: '5m' }))).toEqual({
      durationSeconds: 300,
      delayMs: 250,
    });
  });

  it.each([
    [{ delay: '11s' }, /delay 11s is out of range \(expected 1ms to 10s\)/],
    [{ jitter: '20s' }, /jitter 20s is out of range/],
    [{ lossPercent: 60 }, /lossPercent must be at most 50/],
    [{ duration: '13h' }, /duration 13h is out of range \(expected between 1m and 12h\)/],
    [{ duration: '30s' }, /duration 30s is out of range/],
    [{ to: ['10.0.0.0/33'] }, /"10.0.0.0\/33" is not an IPv4 CIDR/],
    [{ to: ['10.0.0.0/8; reboot'] }, /is not an IPv4 CIDR/],
    [{ ports: [70000] }, /a port is in 1..65535/],
    [{ interface: 'eth0;reboot' }, /interface must be a-z and 0-9 only/],
    [{ count: 1, percent: 10 }, /either count or percent, not both/],
    [{ correlationPercent: 25 }, /correlationPercent needs a jitter or a lossPercent/],
  ])('the params schema refuses %j', (params, message) => {
    const parsed = latencyParams.safeParse(params);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message).join('; ')).toMatch(message);
  });

  it('the effect schema and the builder refuse anything that could inject shell, whoever built the action', () => {
    const base = { durationSeconds: 600, delayMs: 200 };
    for (const hostile of [
      { ...base, delayMs: '200ms; reboot' },
      { ...base, destinations: ['$(reboot)'] },
      { ...base, interface: 'eth0 ; reboot' },
      { ...base, lossPercent: 75 },
      { ...base, delayMs: 20_000 },
      { ...base, extra: 'field' },
    ]) {
      expect(delayNetworkParams.safeParse(hostile).success).toBe(false);
    }
    expect(() => networkLatencyScript({ ...base, destinations: ['10.0.0.0/8 || reboot'] })).toThrow(/not an IPv4 CIDR/);
    expect(() => networkLatencyScript({ ...base, interface: 'eth0`reboot`' })).toThrow(/not a network interface/);
    expect(() => networkLatencyScript({ ...base, durationSeconds: 50_000 })).toThrow(/1\.\.43200/);
  });
});
