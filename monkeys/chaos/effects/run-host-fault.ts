import { z } from 'zod';
import { type Effect, type EffectContext, type RevertSpec, revertOn } from '../../../core/actuator/effect.js';
import { applyEach } from '../../../core/actuator/effects/each-action.js';
import {
  HOST_FAULTS,
  type HostFaultOptions,
  hostFaultScript,
  PROCESS_NAME,
} from '../../../core/actuator/effects/host-fault-scripts.js';
import { runShellScriptOnce } from '../../../core/actuator/effects/ssm-run.js';
import type { Action } from '../../../core/plan/action.js';

/** What a run-host-fault action carries; checked again here because actions travel through the queue. */
export const hostFaultParams = z.strictObject({
  fault: z.enum(HOST_FAULTS),
  durationSeconds: z
    .number()
    .int()
    .min(1)
    .max(12 * 3600),
  lossPercent: z.number().gt(0).max(100).optional(),
  corruptionPercent: z.number().gt(0).max(100).optional(),
  processes: z.array(z.string().regex(PROCESS_NAME)).min(1).optional(),
});

function optionsOf(action: Action): HostFaultOptions {
  const parsed = hostFaultParams.safeParse(action.params);
  if (!parsed.success) {
    throw new Error(`bad host fault parameters for ${action.resource}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/**
 * Chaos host faults (burn-cpu, burn-io, fill-disk, kill-processes, null-route, fail-dns, network-loss,
 * network-corruption) through SSM Run Command. Each script undoes itself on the host after its duration; the
 * revert ends it early through SSM.
 */
export const runHostFault: Effect = {
  kind: 'run-host-fault',
  description: 'Run a host fault through SSM Run Command; it expires on the host (revert cancels it early)',
  permissions: ['ssm:SendCommand', 'ssm:ListCommands'],
  batchSize: 1,
  pacing: 'ssm:SendCommand',
  capped: 'instance',
  paramsSchema: hostFaultParams,

  async capture(actions: readonly Action[], _ctx: EffectContext) {
    // Nothing to read from AWS: the revert needs only which fault to end.
    return new Map(actions.map((action) => [action.resource, { fault: optionsOf(action).fault }]));
  },

  async apply(actions, ctx) {
    return applyEach(actions, async (action) => {
      const options = optionsOf(action);
      // A retried job finds the fault its first attempt sent: started once, never twice.
      const { commandId, already } = await runShellScriptOnce(
        action,
        ctx,
        hostFaultScript(options),
        `simian chaos ${options.fault} for ${options.durationSeconds}s`,
      );
      return { resource: action.resource, ok: true, already, saved: { fault: options.fault, commandId } };
    });
  },

  revertOf(action: Action, saved: Readonly<Record<string, unknown>>): RevertSpec {
    return revertOn(action, 'cancel-host-fault', { fault: saved.fault ?? action.params.fault });
  },
};
