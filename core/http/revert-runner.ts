import type { RevertRecord } from '../actuator/revert-registry.js';

/** What `POST /api/v1/reverts/:id/run` needs: the revert as registered, and a way to apply it now (idempotent). */
export interface RevertRunner {
  get(id: string): Promise<RevertRecord | null>;
  /** Applies the revert now; resolves with what became of it. */
  run(id: string): Promise<{ readonly status: string; readonly detail: string }>;
}
