import type { Logger } from 'pino';
import type { RevertSource } from './revert-jobs.js';

/** Calls `tick` every `ms` until the answered function is called (tests pass their own and tick by hand). */
export type Repeat = (tick: () => void, ms: number) => () => void;

const everyInterval: Repeat = (tick, ms) => {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
};

export interface RevertSweepOptions {
  readonly reverts: RevertSource;
  readonly now: () => Date;
  /** fleet.revertSweep: both how often the sweep runs and how overdue a revert must be to be swept. */
  readonly everyMs: number;
  readonly logger: Logger;
  readonly repeat?: Repeat;
}

export interface RevertSweep {
  /** One pass: applies the reverts overdue by more than one interval; answers how many were undone. */
  sweepOnce(): Promise<number>;
  /** Stops the timer and waits for a pass under way. */
  stop(): Promise<void>;
}

/**
 * Every worker's safety net: a revert whose job was lost (removed, never added, its queue flushed) is still applied,
 * at most two intervals late. No leader: the registry's claim lets one applier act, the others find it taken or done.
 * Only reverts overdue by a whole interval are swept, so a revert's own job normally gets there first.
 */
export function startRevertSweep(options: RevertSweepOptions): RevertSweep {
  const { reverts, logger, everyMs } = options;
  let running: Promise<number> | undefined;
  const sweepOnce = (): Promise<number> => {
    if (!reverts.sweep) return Promise.resolve(0);
    const sweep = reverts.sweep.bind(reverts);
    running ??= (async () => {
      try {
        const applied = await sweep(new Date(options.now().getTime() - everyMs));
        if (applied > 0)
          logger.warn({ applied }, `revert sweep applied ${applied} overdue revert(s) their jobs had not`);
        return applied;
      } catch (error) {
        // The next pass tries again: a revert stays open until it is applied.
        logger.error({ err: error }, 'revert sweep failed; trying again at the next pass');
        return 0;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const cancel = everyMs > 0 ? (options.repeat ?? everyInterval)(() => void sweepOnce(), everyMs) : () => undefined;
  return {
    sweepOnce,
    async stop() {
      cancel();
      await running;
    },
  };
}
