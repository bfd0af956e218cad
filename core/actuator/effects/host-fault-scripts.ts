/**
 * The shell scripts of the host faults, run through SSM Run Command (AWS-RunShellScript, as root, no SSH).
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

function checkedPercent(name: string, value: number): string {
  if (!Number.isFinite(value) || value <= 0 || value > 100)
    throw new Error(`${name} must be in (0, 100], got ${value}`);
  // netem accepts decimals; two places are plenty and keep the text a plain number.
  return String(Math.round(value * 100) / 100);
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
    case 'network-loss': {
      const percent = checkedPercent('lossPercent', options.lossPercent ?? DEFAULT_LOSS_PERCENT);
      return {
        start: [`tc qdisc add dev "$IFACE" root netem loss ${percent}%`],
        undo: ['tc qdisc del dev "$IFACE" root netem 2>/dev/null'],
      };
    }
    case 'network-corruption': {
      const percent = checkedPercent('corruptionPercent', options.corruptionPercent ?? DEFAULT_CORRUPTION_PERCENT);
      return {
        start: [`tc qdisc add dev "$IFACE" root netem corrupt ${percent}%`],
        undo: ['tc qdisc del dev "$IFACE" root netem 2>/dev/null'],
      };
    }
  }
}

/** The script that starts a host fault and arms its on-host expiry; one line per array entry (SSM `commands`). */
export function hostFaultScript(options: HostFaultOptions): string[] {
  if (!isHostFault(options.fault)) throw new Error(`"${String(options.fault)}" is not a host fault`);
  const seconds = checkedSeconds(options.durationSeconds);
  const { start, undo } = faultBody(options);
  const undoFile = `${STATE_DIR}/${options.fault}.undo`;
  const unit = `simian-undo-${options.fault}`;
  return [
    '#!/bin/sh',
    `# simian chaos: ${options.fault} for ${seconds}s; the host undoes it itself at the deadline.`,
    `D=${seconds}`,
    `IFACE=$(ip route show default 2>/dev/null | awk '{print $5; exit}')`,
    `mkdir -p ${STATE_DIR}`,
    `if [ -f ${undoFile} ]; then echo "simian: ${options.fault} already active"; exit 0; fi`,
    // The undo file is written first: whatever happens next, the expiry and the cancel can clean up.
    `cat >${undoFile} <<'SIMIAN_UNDO'`,
    `IFACE=$(ip route show default 2>/dev/null | awk '{print $5; exit}')`,
    ...undo.map((line) => `${line} || true`),
    `rm -f ${undoFile}`,
    'SIMIAN_UNDO',
    `if ! systemd-run --on-active="$D" --unit=${unit} /bin/sh -c '[ -f ${undoFile} ] && sh ${undoFile}' >/dev/null 2>&1; then`,
    `  setsid nohup sh -c 'sleep "$1"; [ -f ${undoFile} ] && sh ${undoFile}' simian-expiry "$D" >/dev/null 2>&1 &`,
    'fi',
    ...start,
    `echo "simian: ${options.fault} started for ${seconds}s"`,
  ];
}

/** The script that ends a host fault early (the revert); harmless when the fault already expired. */
export function cancelHostFaultScript(fault: HostFault): string[] {
  if (!isHostFault(fault)) throw new Error(`"${String(fault)}" is not a host fault`);
  const undoFile = `${STATE_DIR}/${fault}.undo`;
  return [
    '#!/bin/sh',
    `# simian chaos: end ${fault} now (its on-host expiry becomes a no-op).`,
    `if [ -f ${undoFile} ]; then sh ${undoFile}; echo "simian: ${fault} undone"; else echo "simian: ${fault} not active"; fi`,
    `systemctl stop simian-undo-${fault}.timer >/dev/null 2>&1 || true`,
  ];
}
