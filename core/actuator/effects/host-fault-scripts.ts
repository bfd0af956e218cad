/**
 * The shell scripts of the host faults, run through SSM Run Command (AWS-RunShellScript, as root, no SSH): Chaos's
 * faults here, Latency's delay in latency-script.ts, all built by `selfExpiringScript`.
 *
 * Every fault:
 *  - writes its own undo script to /run/simian/<fault>.undo before doing anything, and arms an expiry ON THE HOST
 *    (a systemd timer, or a detached sleeper where systemd is absent) that runs the undo after the duration, so
 *    the host heals itself even if simian never comes back;
 *  - does nothing when the same fault is already active (jobs are delivered at least once);
 *  - is undone early by the cancel script, which runs the same undo file.
 *
 * Only numbers and names from fixed lists reach the scripts, each checked again here, so no parameter can inject
 * shell.
 */

import { netemLines } from './netem.js';

export const HOST_FAULTS = [
  'burn-cpu',
  'burn-io',
  'fill-disk',
  'kill-processes',
  'null-route',
  'fail-dns',
  'network-loss',
  'network-corruption',
] as const;
export type HostFault = (typeof HOST_FAULTS)[number];

export interface HostFaultOptions {
  readonly fault: HostFault;
  /** Seconds the fault lasts before the host undoes it itself. */
  readonly durationSeconds: number;
  /** network-loss: percent of packets dropped. */
  readonly lossPercent?: number;
  /** network-corruption: percent of packets corrupted. */
  readonly corruptionPercent?: number;
  /** kill-processes: process names killed again every second. */
  readonly processes?: readonly string[];
}

export const DEFAULT_LOSS_PERCENT = 7;
export const DEFAULT_CORRUPTION_PERCENT = 5;
export const DEFAULT_KILLED_PROCESSES = ['java', 'python', 'node'] as const;
/** A process name: letters, digits and . _ - only (pkill matches it as a whole name). */
export const PROCESS_NAME = /^[A-Za-z0-9._-]{1,64}$/;

const STATE_DIR = '/run/simian';
const MAX_SECONDS = 12 * 3600;

export function isHostFault(value: unknown): value is HostFault {
  return typeof value === 'string' && (HOST_FAULTS as readonly string[]).includes(value);
}

function checkedSeconds(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SECONDS) {
    throw new Error(`host fault duration must be a whole number of seconds in 1..${MAX_SECONDS}, got ${seconds}`);
  }
  return seconds;
}

function checkedProcesses(names: readonly string[]): string[] {
  if (names.length === 0) throw new Error('kill-processes needs at least one process name');
  for (const name of names) {
    if (!PROCESS_NAME.test(name)) throw new Error(`"${name}" is not a process name (letters, digits, . _ - only)`);
  }
  return [...names];
}

/** What starts the fault and what undoes it, as shell lines; $IFACE and $D are set by the preamble. */
function faultBody(options: HostFaultOptions): { start: string[]; undo: string[] } {
  const pids = `${STATE_DIR}/${options.fault}.pids`;
  const background = (command: string) => [
    `setsid nohup timeout "$D" ${command} >/dev/null 2>&1 &`,
    `echo $! >>${pids}`,
  ];
  const killPids = [`[ -f ${pids} ] && xargs -r kill <${pids} 2>/dev/null`, `rm -f ${pids}`];
  switch (options.fault) {
    case 'burn-cpu':
      return {
        start: [
          'for _ in $(seq "$(nproc)"); do',
          ...background("sh -c 'while :; do :; done'").map((l) => `  ${l}`),
          'done',
        ],
        undo: killPids,
      };
    case 'burn-io':
      return {
        start: background(
          "sh -c 'while :; do dd if=/dev/zero of=/var/tmp/simian-burn-io bs=1M count=1024 oflag=direct 2>/dev/null; done'",
        ),
        undo: [...killPids, 'rm -f /var/tmp/simian-burn-io'],
      };
    case 'fill-disk':
      return {
        start: [
          'fallocate -l "$(df --output=avail -B1 /var/tmp | tail -n1 | tr -d \' \')" /var/tmp/simian-fill-disk 2>/dev/null ||',
          '  dd if=/dev/zero of=/var/tmp/simian-fill-disk bs=1M 2>/dev/null || true',
        ],
        undo: ['rm -f /var/tmp/simian-fill-disk'],
      };
    case 'kill-processes': {
      const names = checkedProcesses(options.processes ?? DEFAULT_KILLED_PROCESSES).join(' ');
      return {
        start: background(`sh -c 'while :; do for p in ${names}; do pkill -KILL -x "$p"; done; sleep 1; done'`),
        undo: killPids,
      };
    }
    case 'null-route':
      return {
        start: ['ip route add blackhole 10.0.0.0/8'],
        undo: ['ip route del blackhole 10.0.0.0/8 2>/dev/null'],
      };
    case 'fail-dns':
      return {
        start: ['iptables -I OUTPUT -p udp --dport 53 -j DROP', 'iptables -I OUTPUT -p tcp --dport 53 -j DROP'],
        undo: [
          'iptables -D OUTPUT -p udp --dport 53 -j DROP 2>/dev/null',
          'iptables -D OUTPUT -p tcp --dport 53 -j DROP 2>/dev/null',
        ],
      };
    case 'network-loss':
      return netemLines({ lossPercent: options.lossPercent ?? DEFAULT_LOSS_PERCENT });
    case 'network-corruption':
      return netemLines({ corruptionPercent: options.corruptionPercent ?? DEFAULT_CORRUPTION_PERCENT });
  }
}

/** Names of the host scripts: Chaos's faults and Latency's delay; each has its own undo file and expiry unit. */
export const LATENCY_SCRIPT = 'network-latency';
export const HOST_SCRIPTS = [...HOST_FAULTS, LATENCY_SCRIPT] as const;
export type HostScriptName = (typeof HOST_SCRIPTS)[number];

export function isHostScript(value: unknown): value is HostScriptName {
  return typeof value === 'string' && (HOST_SCRIPTS as readonly string[]).includes(value);
}

/** The monkey a host script belongs to, as its comments and SSM command comments name it. */
export function hostScriptMonkey(name: HostScriptName): 'chaos' | 'latency' {
  return name === LATENCY_SCRIPT ? 'latency' : 'chaos';
}

/** Where a host script keeps its undo (the expiry and the cancel run it; its presence means "active"). */
export function undoFileOf(name: HostScriptName): string {
  return `${STATE_DIR}/${name}.undo`;
}

/** A network interface name as the kernel writes it (eth0, ens5): nothing else reaches a script. */
export const INTERFACE_NAME = /^[a-z0-9]{1,15}$/;

const DETECT_INTERFACE = `IFACE=$(ip route show default 2>/dev/null | awk '{print $5; exit}')`;

/** What one self-expiring host script does: its name, how long, the lines that start it and those that undo it. */
export interface SelfExpiringScript {
  readonly name: HostScriptName;
  readonly durationSeconds: number;
  readonly start: readonly string[];
  readonly undo: readonly string[];
  /** The interface $IFACE names; absent: the one of the default route, found on the host. */
  readonly interface?: string;
}

/**
 * The shared shape of every host script: it refuses to run twice, writes its undo file, arms the on-host expiry
 * that runs the undo at the deadline, and only then starts the fault; one line per array entry (SSM `commands`).
 */
export function selfExpiringScript(script: SelfExpiringScript): string[] {
  if (!isHostScript(script.name)) throw new Error(`"${String(script.name)}" is not a host fault`);
  const seconds = checkedSeconds(script.durationSeconds);
  if (script.interface !== undefined && !INTERFACE_NAME.test(script.interface)) {
    throw new Error(`"${script.interface}" is not a network interface name (a-z and 0-9, up to 15)`);
  }
  const iface = script.interface === undefined ? DETECT_INTERFACE : `IFACE=${script.interface}`;
  const { name } = script;
  const undoFile = undoFileOf(name);
  const unit = `simian-undo-${name}`;
  return [
    '#!/bin/sh',
    `# simian ${hostScriptMonkey(name)}: ${name} for ${seconds}s; the host undoes it itself at the deadline.`,
    `D=${seconds}`,
    iface,
    `mkdir -p ${STATE_DIR}`,
    `if [ -f ${undoFile} ]; then echo "simian: ${name} already active"; exit 0; fi`,
    // The undo file is written first: whatever happens next, the expiry and the cancel can clean up.
    `cat >${undoFile} <<'SIMIAN_UNDO'`,
    iface,
    ...script.undo.map((line) => `${line} || true`),
    `rm -f ${undoFile}`,
    'SIMIAN_UNDO',
    `if ! systemd-run --on-active="$D" --unit=${unit} /bin/sh -c '[ -f ${undoFile} ] && sh ${undoFile}' >/dev/null 2>&1; then`,
    `  setsid nohup sh -c 'sleep "$1"; [ -f ${undoFile} ] && sh ${undoFile}' simian-expiry "$D" >/dev/null 2>&1 &`,
    'fi',
    ...script.start,
    `echo "simian: ${name} started for ${seconds}s"`,
  ];
}

/** The script that starts a Chaos host fault and arms its on-host expiry. */
export function hostFaultScript(options: HostFaultOptions): string[] {
  if (!isHostFault(options.fault)) throw new Error(`"${String(options.fault)}" is not a host fault`);
  return selfExpiringScript({ name: options.fault, durationSeconds: options.durationSeconds, ...faultBody(options) });
}

/** The script that ends a host fault early (the revert); harmless when the fault already expired. */
export function cancelHostFaultScript(fault: HostScriptName): string[] {
  if (!isHostScript(fault)) throw new Error(`"${String(fault)}" is not a host fault`);
  const undoFile = undoFileOf(fault);
  return [
    '#!/bin/sh',
    `# simian ${hostScriptMonkey(fault)}: end ${fault} now (its on-host expiry becomes a no-op).`,
    `if [ -f ${undoFile} ]; then sh ${undoFile}; echo "simian: ${fault} undone"; else echo "simian: ${fault} not active"; fi`,
    `systemctl stop simian-undo-${fault}.timer >/dev/null 2>&1 || true`,
  ];
}
