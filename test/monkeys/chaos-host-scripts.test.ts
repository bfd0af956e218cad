import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cancelHostFaultScript, HOST_FAULTS, hostFaultScript } from '../../core/actuator/effects/host-fault-scripts.js';

/** Parses a script with the system shell without running it (`sh -n`). */
function shellSyntaxError(lines: readonly string[]): string {
  const checked = spawnSync('sh', ['-n'], { input: lines.join('\n') });
  return checked.status === 0 ? '' : checked.stderr.toString();
}

describe('host fault scripts', () => {
  it.each(HOST_FAULTS)('%s: the script and its cancel are valid shell', (fault) => {
    expect(shellSyntaxError(hostFaultScript({ fault, durationSeconds: 600 }))).toBe('');
    expect(shellSyntaxError(cancelHostFaultScript(fault))).toBe('');
  });

  it.each(HOST_FAULTS)('%s: the undo and the on-host expiry are in place before the fault starts', (fault) => {
    const script = hostFaultScript({ fault, durationSeconds: 90 });
    const undoWritten = script.indexOf('SIMIAN_UNDO');
    const expiryArmed = script.findIndex((line) => line.includes('systemd-run --on-active="$D"'));
    const fallbackArmed = script.findIndex((line) => line.includes('sleep "$1"; [ -f /run/simian/'));
    const alreadyActive = script.findIndex((line) => line.includes('already active'));
    expect(script).toContain('D=90');
    expect(alreadyActive).toBeGreaterThan(0);
    expect(alreadyActive).toBeLessThan(undoWritten);
    expect(undoWritten).toBeLessThan(expiryArmed);
    expect(expiryArmed).toBeLessThan(fallbackArmed);
    // Everything after the expiry is the fault itself and the final message.
    expect(script.at(-1)).toBe(`echo "simian: ${fault} started for 90s"`);
  });

  it('refuses parameters that could inject shell or last too long', () => {
    expect(() =>
      hostFaultScript({ fault: 'kill-processes', durationSeconds: 60, processes: ['java; reboot'] }),
    ).toThrow(/not a process name/);
    expect(() => hostFaultScript({ fault: 'network-loss', durationSeconds: 60, lossPercent: 150 })).toThrow(
      /lossPercent must be in \(0, 100\]/,
    );
    expect(() => hostFaultScript({ fault: 'burn-cpu', durationSeconds: 13 * 3600 })).toThrow(/1\.\.43200/);
    expect(() => hostFaultScript({ fault: 'rm -rf /' as never, durationSeconds: 60 })).toThrow(/not a host fault/);
  });
});
