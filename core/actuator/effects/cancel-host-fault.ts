import { z } from 'zod';
import type { Effect } from '../effect.js';
import { applyEach } from './each-action.js';
import { cancelHostFaultScript, HOST_SCRIPTS, hostScriptMonkey, isHostScript } from './host-fault-scripts.js';
import { runShellScript } from './ssm-run.js';

/** The revert of run-host-fault and delay-network: runs the fault's undo on the host now (a no-op when it already expired). */
export const cancelHostFault: Effect = {
  kind: 'cancel-host-fault',
  revert: true,
  description: 'End a host fault early through SSM Run Command',
  permissions: ['ssm:SendCommand'],
  batchSize: 1,
  pacing: 'ssm:SendCommand',
  capped: 'none',
  paramsSchema: z.strictObject({ fault: z.enum(HOST_SCRIPTS) }),

  async apply(actions, ctx) {
    return applyEach(actions, async (action) => {
      const fault = action.params.fault;
      if (!isHostScript(fault))
        return { resource: action.resource, ok: false, error: `"${String(fault)}" is not a host fault` };
      await runShellScript(
        action,
        ctx,
        cancelHostFaultScript(fault),
        `simian ${hostScriptMonkey(fault)}: end ${fault}`,
      );
      return { resource: action.resource, ok: true };
    });
  },
};
