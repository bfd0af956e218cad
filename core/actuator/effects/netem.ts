/**
 * The `tc netem` lines of the network host faults (Chaos's packet loss and corruption, Latency's delay), optionally
 * aimed at some traffic only: a `prio` root whose default band is left alone, netem on band 1:1, and one `u32`
 * filter per destination CIDR × port that sends matching traffic there.
 *
 * Every value is checked again here (numbers in range, CIDRs and ports by shape): nothing else reaches the script.
 */

/** What netem does to the packets it gets; absent parts are left out. */
export interface NetemOptions {
  readonly delayMs?: number;
  readonly jitterMs?: number;
  /** Correlation of the jitter and of the loss with the previous packet, in percent. */
  readonly correlationPercent?: number;
  readonly lossPercent?: number;
  readonly corruptionPercent?: number;
}

/** Which outgoing traffic netem gets: IPv4 destinations and/or destination ports; both empty: all of it. */
export interface NetemTargets {
  readonly destinations?: readonly string[];
  readonly ports?: readonly number[];
}

/** netem holds a packet at most this long (a longer delay is an outage, not latency). */
export const MAX_DELAY_MS = 10_000;
/** Filters one script may add: destinations × ports stays small and readable. */
export const MAX_TARGETS = 16;

/** An IPv4 address with an optional prefix length, every octet 0..255 (`10.0.0.0/8`, `192.0.2.7`). */
export const IPV4_CIDR =
  /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(\/(3[0-2]|[12]?\d))?$/;

function checkedPercent(name: string, value: number, { zero = false } = {}): string {
  const low = zero ? value < 0 : value <= 0;
  if (!Number.isFinite(value) || low || value > 100) {
    throw new Error(`${name} must be in ${zero ? '[0' : '(0'}, 100], got ${value}`);
  }
  // netem accepts decimals; two places are plenty and keep the text a plain number.
  return String(Math.round(value * 100) / 100);
}

function checkedMs(name: string, value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > MAX_DELAY_MS) {
    throw new Error(`${name} must be a whole number of milliseconds in 0..${MAX_DELAY_MS}, got ${value}`);
  }
  return `${value}ms`;
}

/** The netem arguments: `delay 200ms 50ms 25% loss 1% 25%`, `loss 7%`, `corrupt 5%`. */
export function netemArguments(options: NetemOptions): string {
  const parts: string[] = [];
  const correlation =
    options.correlationPercent === undefined
      ? undefined
      : checkedPercent('correlationPercent', options.correlationPercent, { zero: true });
  if (options.delayMs !== undefined) {
    parts.push('delay', checkedMs('delayMs', options.delayMs));
    if (options.jitterMs !== undefined && options.jitterMs > 0) {
      parts.push(checkedMs('jitterMs', options.jitterMs));
      if (correlation !== undefined) parts.push(`${correlation}%`);
    }
  }
  if (options.lossPercent !== undefined) {
    parts.push('loss', `${checkedPercent('lossPercent', options.lossPercent)}%`);
    if (correlation !== undefined) parts.push(`${correlation}%`);
  }
  if (options.corruptionPercent !== undefined) {
    parts.push('corrupt', `${checkedPercent('corruptionPercent', options.corruptionPercent)}%`);
  }
  if (parts.length === 0) throw new Error('netem needs a delay, a loss or a corruption');
  return parts.join(' ');
}

function checkedTargets(targets: NetemTargets): { destinations: string[]; ports: number[] } {
  const destinations = [...(targets.destinations ?? [])];
  const ports = [...(targets.ports ?? [])];
  for (const cidr of destinations) {
    if (!IPV4_CIDR.test(cidr)) throw new Error(`"${cidr}" is not an IPv4 CIDR (e.g. 10.0.0.0/8)`);
  }
  for (const port of ports) {
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`port ${port} is not in 1..65535`);
  }
  if (destinations.length > MAX_TARGETS || ports.length > MAX_TARGETS) {
    throw new Error(`at most ${MAX_TARGETS} destinations and ${MAX_TARGETS} ports`);
  }
  return { destinations, ports };
}

/** The u32 match of each filter: one per destination × port (a missing dimension matches everything). */
function filterMatches(destinations: readonly string[], ports: readonly number[]): string[] {
  const byDestination = destinations.length === 0 ? [''] : destinations.map((cidr) => `match ip dst ${cidr}`);
  const byPort = ports.length === 0 ? [''] : ports.map((port) => `match ip dport ${port} 0xffff`);
  return byDestination.flatMap((dst) => byPort.map((port) => [dst, port].filter(Boolean).join(' ')));
}

/**
 * The lines that start netem on $IFACE and those that remove it. Untargeted: netem is the root qdisc (as Chaos
 * always did). Targeted: a prio root sends everything to band 3 (untouched) but what the filters send to band 1,
 * where netem waits.
 */
export function netemLines(options: NetemOptions, targets: NetemTargets = {}): { start: string[]; undo: string[] } {
  const netem = netemArguments(options);
  const { destinations, ports } = checkedTargets(targets);
  if (destinations.length === 0 && ports.length === 0) {
    return {
      start: [`tc qdisc add dev "$IFACE" root netem ${netem}`],
      undo: ['tc qdisc del dev "$IFACE" root netem 2>/dev/null'],
    };
  }
  return {
    start: [
      'tc qdisc add dev "$IFACE" root handle 1: prio bands 3 priomap 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2',
      `tc qdisc add dev "$IFACE" parent 1:1 handle 10: netem ${netem}`,
      ...filterMatches(destinations, ports).map(
        (match) => `tc filter add dev "$IFACE" protocol ip parent 1:0 prio 1 u32 ${match} flowid 1:1`,
      ),
    ],
    undo: ['tc qdisc del dev "$IFACE" root prio 2>/dev/null'],
  };
}
