import { createHash } from 'node:crypto';

/**
 * A random source seeded by a job id: a retried job (at-least-once delivery) picks the same instance as the attempt
 * it repeats, so the actuator finds the work already done instead of hitting a second instance.
 */
export function jobRandom(jobIdentity: string): () => number {
  let state = createHash('sha256').update(jobIdentity).digest().readUInt32LE(0);
  // mulberry32: small, fast, and good enough to pick among instances.
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
