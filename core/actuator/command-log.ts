import { createHash } from 'node:crypto';
import type { Action } from '../plan/action.js';
import type { RedisClient } from '../redis/connection.js';
import { safetyCall } from '../redis/redis-call.js';

/** What a run recorded of one action's host command: when sending began, and the command id once SSM answered. */
export interface CommandRecord {
  readonly startedAt: string;
  readonly commandId?: string;
}

/**
 * The host commands (SSM Run Command) one run has sent, so a retried job finds what its first attempt sent and sends
 * nothing again. Kept in Redis by run id, action kind and instance; simian's record decides, never the host.
 */
export interface CommandLog {
  get(action: Action): Promise<CommandRecord | null>;
  /** Written before the command is sent: a retry that finds it without an id looks the command up by its token. */
  started(action: Action, at: Date): Promise<void>;
  sent(action: Action, commandId: string): Promise<void>;
  /** A short token of the action in this run, carried in the command's comment so a send cut short can be found. */
  token(action: Action): string;
}

/** Long past any retry of the run (BullMQ's attempts take minutes). */
const KEEP_SECONDS = 7 * 24 * 3600;

export function redisCommandLog(redis: RedisClient, prefix: string, runId: string, timeoutMs?: number): CommandLog {
  const key = (action: Action) =>
    `${prefix}:command:${runId}:${action.kind}:${action.account}:${action.region}:${action.resource}`;
  const call = <T>(step: (client: RedisClient) => Promise<T>) => safetyCall(redis, step, timeoutMs);
  return {
    async get(action) {
      const fields = await call((client) => client.hgetall(key(action)));
      if (!fields.startedAt) return null;
      return { startedAt: fields.startedAt, ...(fields.commandId ? { commandId: fields.commandId } : {}) };
    },
    async started(action, at) {
      await call((client) =>
        client.multi().hset(key(action), 'startedAt', at.toISOString()).expire(key(action), KEEP_SECONDS).exec(),
      );
    },
    async sent(action, commandId) {
      await call((client) =>
        client.multi().hset(key(action), 'commandId', commandId).expire(key(action), KEEP_SECONDS).exec(),
      );
    },
    token(action) {
      return `simian-${createHash('sha256').update(key(action)).digest('hex').slice(0, 12)}`;
    },
  };
}
