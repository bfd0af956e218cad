import { z } from 'zod';

/** A Redis node as `host:port` (a Cluster seed node or a Sentinel). */
const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, {
  error: (issue) => `"${String(issue.input)}" is not host:port`,
});

/**
 * Whether a prefix holds a Redis Cluster hash tag (`{...}`, non-empty): only the tag is hashed, so every key under
 * the prefix, BullMQ's included, lands in one slot and the multi-key scripts and transactions stay legal.
 */
export function hasHashTag(prefix: string): boolean {
  return /^[^{]*\{[^}]+\}/.test(prefix);
}

/**
 * Where Redis is: one server (`url`), a Redis Cluster (`cluster` seed nodes) or a Sentinel-monitored primary
 * (`sentinels` + `sentinelName`). `url` keeps its default and is not used when a cluster or sentinels are given.
 */
export const redisSchema = z
  .strictObject({
    url: z
      .string()
      .regex(/^rediss?:\/\//, { error: (issue) => `"${String(issue.input)}" is not a redis:// or rediss:// URL` })
      .default('redis://127.0.0.1:6379'),
    /** Redis Cluster seed nodes (host:port); the rest of the cluster is discovered from them. */
    cluster: z.array(hostPort).min(1).optional(),
    /** Sentinels (host:port) that monitor the primary named `sentinelName`. */
    sentinels: z.array(hostPort).min(1).optional(),
    sentinelName: z.string().min(1).default('mymaster'),
    prefix: z.string().default('simian'),
  })
  .superRefine((redis, ctx) => {
    if (redis.cluster && redis.sentinels) {
      ctx.addIssue({
        code: 'custom',
        path: ['sentinels'],
        message: 'redis.cluster and redis.sentinels are two topologies: give one of them',
      });
    }
    // Rejected rather than rewritten: the prefix names the keys every process and tool reads, so it stays as written.
    if (redis.cluster && !hasHashTag(redis.prefix)) {
      ctx.addIssue({
        code: 'custom',
        path: ['prefix'],
        message: `on a Redis Cluster the prefix needs a hash tag so every key lands in one slot: write "{${redis.prefix}}" instead of "${redis.prefix}"`,
      });
    }
  });

export type RedisConfig = z.output<typeof redisSchema>;
