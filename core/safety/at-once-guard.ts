import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../clock.js';
import type { RedisClient } from '../redis/connection.js';
import { RedisUnreachableError } from '../redis/redis-call.js';
import { atOnceAllowance, atOnceParams } from './at-once.js';
import { DoctorRecord } from './doctor-record.js';
import { freshResources } from './fresh-resources.js';
import type { FreshLookup } from './fresh-state.js';
import { type ActionGuard, ALLOW, type RunContext, refusal, skip, type Verdict } from './guard.js';
import { runTarget } from './run-target.js';

/** States in which an instance of the record is under remedy no more. */
const GONE_STATES = new Set(['shutting-down', 'terminated']);

export interface AtOnceGuardDeps {
  readonly redis: RedisClient;
  readonly clients: AwsClients;
  readonly fresh: FreshLookup;
  readonly clock: Clock;
  readonly timeoutMs?: number;
}

/**
 * Admits a remedy carrying `atOnce` only while fewer of its group than the allowance are under remedy, counted at
 * act time from Doctor's record (every run's remedies, quarantines until terminated) and a fresh read (the group's
 * desired capacity; recorded instances now terminated no longer count). Armed runs record the admission in the
 * same atomic step; dry runs only check. When Redis cannot answer, an armed run refuses, a dry run notes it.
 */
export function atOnceGuard(deps: AtOnceGuardDeps): ActionGuard {
  const refuseOrNote = (run: RunContext, reason: string): Verdict =>
    run.dryRun ? { allow: true, note: `${reason}; nothing recorded` } : refusal('at-once', reason);
  return {
    name: 'at-once',
    async check(action, run) {
      const parsed = atOnceParams.safeParse(action.params.atOnce);
      if (action.params.atOnce === undefined || !action.group) return ALLOW;
      if (!parsed.success) return skip('at-once', 'bad atOnce params');
      const atOnce = parsed.data;
      const group = action.group;
      const spare = (reason: string) => skip('at-once', reason);
      let desired: number;
      try {
        const fresh = (await deps.fresh.of(action, run)).group;
        if (!fresh) return spare(`group ${group} no longer exists`);
        desired = fresh.desired;
      } catch (error) {
        return spare(`could not read group ${group}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const allowance = atOnceAllowance(atOnce, desired);
      const record = new DoctorRecord({
        redis: deps.redis,
        prefix: run.config.redis.prefix,
        account: action.account,
        region: action.region,
        timeoutMs: deps.timeoutMs,
      });
      const now = deps.clock.now();
      try {
        const held = await record.underRemedy(group, now);
        const seen = await freshResources(deps.clients, runTarget(run, action.region), held);
        const gone = held.filter((id) => {
          const state = seen.get(id)?.state;
          return state === undefined || GONE_STATES.has(state);
        });
        const decision = await record.admit({
          group,
          instance: action.resource,
          allowance,
          now,
          heldUntil: new Date(now.getTime() + atOnce.holdMs),
          gone,
          record: !run.dryRun,
        });
        if (decision.admitted) return ALLOW;
        return spare(
          `${decision.count} instance(s) of ${group} already under remedy (${decision.underRemedy.join(', ')}; at most ${allowance} at once)`,
        );
      } catch (error) {
        if (error instanceof RedisUnreachableError)
          return refuseOrNote(run, `Doctor's record unknown: ${error.message}`);
        return spare(
          `instances under remedy could not be counted: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  };
}
