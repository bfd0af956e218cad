import { z } from 'zod';
import { INTERFACE_NAME, LATENCY_SCRIPT, selfExpiringScript, undoFileOf } from './host-fault-scripts.js';
import { IPV4_CIDR, MAX_DELAY_MS, MAX_TARGETS, netemLines } from './netem.js';

// Light on purpose (no SDK): Latency's params schema reads the limits, and the registry loads every monkey.

/** Above these, latency stops being latency: a loss this high is an outage, and a fault lasts 1 min to 12 h. */
export const LATENCY_LIMITS = {
  maxDelayMs: MAX_DELAY_MS,
  maxLossPercent: 50,
  minSeconds: 60,
  maxSeconds: 12 * 3600,
  maxTargets: MAX_TARGETS,
} as const;

/**
 * What a delay-network action carries, checked again here because actions travel through the queue: every value
 * that reaches the shell script is a bounded number or matches a strict pattern.
 */
export const delayNetworkParams = z.strictObject({
  durationSeconds: z.number().int().min(LATENCY_LIMITS.minSeconds).max(LATENCY_LIMITS.maxSeconds),
  delayMs: z.number().int().min(1).max(LATENCY_LIMITS.maxDelayMs),
  jitterMs: z.number().int().min(0).max(LATENCY_LIMITS.maxDelayMs).optional(),
  correlationPercent: z.number().min(0).max(100).optional(),
  lossPercent: z.number().gt(0).max(LATENCY_LIMITS.maxLossPercent).optional(),
  destinations: z.array(z.string().regex(IPV4_CIDR)).max(LATENCY_LIMITS.maxTargets).optional(),
  ports: z.array(z.number().int().min(1).max(65_535)).max(LATENCY_LIMITS.maxTargets).optional(),
  interface: z.string().regex(INTERFACE_NAME).optional(),
});
export type DelayNetworkParams = z.infer<typeof delayNetworkParams>;

/**
 * The host script of Latency: netem on the interface, aimed at the destinations/ports when given, undone on the
 * host at the deadline. Unlike the Chaos scripts it fails loudly (exit 1, so the invocation fails): with no
 * interface, when the interface already has a root qdisc (another fault's, or the owner's own, which it must not
 * remove), or when a later tc line fails (what it added is removed first).
 */
export function networkLatencyScript(params: DelayNetworkParams): string[] {
  const { start, undo } = netemLines(
    {
      delayMs: params.delayMs,
      ...(params.jitterMs !== undefined ? { jitterMs: params.jitterMs } : {}),
      ...(params.correlationPercent !== undefined ? { correlationPercent: params.correlationPercent } : {}),
      ...(params.lossPercent !== undefined ? { lossPercent: params.lossPercent } : {}),
    },
    { destinations: params.destinations ?? [], ports: params.ports ?? [] },
  );
  const undoFile = undoFileOf(LATENCY_SCRIPT);
  const [root, ...rest] = start as [string, ...string[]];
  const guarded = [
    `[ -n "$IFACE" ] || { echo "simian: no network interface to delay (no default route)" >&2; rm -f ${undoFile}; exit 1; }`,
    `if ! ${root}; then`,
    `  echo "simian: cannot add netem to $IFACE (it already has a root qdisc, or tc is missing): nothing changed" >&2`,
    `  rm -f ${undoFile}; exit 1`,
    'fi',
  ];
  if (rest.length > 0) {
    guarded.push(
      `if ! { ${rest.join(' && ')}; }; then`,
      `  sh ${undoFile}; echo "simian: netem setup failed on $IFACE: undone" >&2; exit 1`,
      'fi',
    );
  }
  return selfExpiringScript({
    name: LATENCY_SCRIPT,
    durationSeconds: params.durationSeconds,
    start: guarded,
    undo,
    ...(params.interface !== undefined ? { interface: params.interface } : {}),
  });
}
