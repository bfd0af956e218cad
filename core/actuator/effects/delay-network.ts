import { z } from 'zod';
import type { Action } from '../../plan/action.js';
import { type Effect, type EffectContext, type RevertSpec, revertOn } from '../effect.js';
import { applyEach } from './each-action.js';
import { LATENCY_SCRIPT } from './host-fault-scripts.js';
import { type DelayNetworkParams, delayNetworkParams, networkLatencyScript } from './latency-script.js';
import { followInvocation, runShellScriptOnce } from './ssm-run.js';

function paramsOf(action: Action): DelayNetworkParams {
  const parsed = delayNetworkParams.safeParse(action.params);
  if (!parsed.success) {
    throw new Error(`bad latency parameters for ${action.resource}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/**
 * Latency Monkey's fault: network delay (jitter, loss) on one instance through SSM Run Command, followed to its end
 * (a failed invocation is a failed action). It expires on the host; the revert (cancel-host-fault) ends it early.
 */
export const delayNetwork: Effect = {
  kind: 'delay-network',
  description: 'Delay the network of an instance with tc netem through SSM; it expires on the host (revert ends it)',
  permissions: ['ssm:SendCommand', 'ssm:GetCommandInvocation', 'ssm:ListCommands'],
  batchSize: 1,
  pacing: 'ssm:SendCommand',
  capped: 'instance',
  paramsSchema: delayNetworkParams,

  async capture(actions: readonly Action[], _ctx: EffectContext) {
    // Nothing to read from AWS: the revert needs only which host script to end.
    return new Map(actions.map((action) => [action.resource, { fault: LATENCY_SCRIPT }]));
  },

  async apply(actions, ctx) {
    return applyEach(actions, async (action) => {
      const params = paramsOf(action);
      const comment = `simian latency ${params.delayMs}ms for ${params.durationSeconds}s`;
      // A retried job finds the delay its first attempt sent and follows that one instead of sending another.
      const { commandId, already } = await runShellScriptOnce(action, ctx, networkLatencyScript(params), comment);
      if (!commandId) return { resource: action.resource, ok: false, error: 'SSM answered no command id' };
      const ended = await followInvocation(action, ctx, commandId);
      if (!ended.ok) {
        return {
          resource: action.resource,
          ok: false,
          error: `SSM command ${commandId} ${ended.status}: ${ended.detail}`,
        };
      }
      return { resource: action.resource, ok: true, already, saved: { fault: LATENCY_SCRIPT, commandId } };
    });
  },

  revertOf(action: Action, _saved: Readonly<Record<string, unknown>>): RevertSpec {
    return revertOn(action, 'cancel-host-fault', { fault: LATENCY_SCRIPT });
  },
};
