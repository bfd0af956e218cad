import type { RevertDeps } from '../actuator/revert-apply.js';
import type { RevertRecord } from '../actuator/revert-registry.js';

/** What `POST /api/v1/reverts/:id/run` needs: the revert as registered, and a way to apply it now (idempotent). */
export interface RevertRunner {
  get(id: string): Promise<RevertRecord | null>;
  /** Applies the revert now; resolves with what became of it. */
  run(id: string): Promise<{ readonly status: string; readonly detail: string }>;
}

/** The runner over the actuator's revert registry: applying is `applyRevert`, as `simian revert --run` does. */
export function revertRunner(deps: RevertDeps): RevertRunner {
  return {
    get: (id) => deps.registry.get(id),
    run: async (id) => {
      // The actuator (effects, SDK clients) loads on the first revert run, not with the process.
      const { applyRevert } = await import('../actuator/revert-apply.js');
      const { status, detail } = await applyRevert(id, deps);
      return { status, detail };
    },
  };
}
