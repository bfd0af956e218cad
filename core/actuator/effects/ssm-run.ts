import type { Action } from '../../plan/action.js';
import type { EffectContext } from '../effect.js';

/** Sends one shell script to one instance through SSM Run Command (AWS-RunShellScript); answers the command id. */
export async function runShellScript(
  action: Action,
  ctx: EffectContext,
  commands: readonly string[],
  comment: string,
): Promise<string | undefined> {
  const ssm = ctx.clients.ssm({
    region: action.region,
    account: action.account,
    ...(ctx.roleArn ? { roleArn: ctx.roleArn } : {}),
  });
  // Loaded with the first command sent: the effects registry is loaded by every run, SSM used by few.
  const { SendCommandCommand } = await import('@aws-sdk/client-ssm');
  const sent = await ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [action.resource],
      // The script returns at once (the fault runs in the background on the host); a minute is plenty.
      Parameters: { commands: [...commands], executionTimeout: ['60'] },
      TimeoutSeconds: 60,
      // SSM allows 100 characters of comment.
      Comment: comment.slice(0, 100),
    }),
  );
  return sent.Command?.CommandId;
}

/** Where a Run Command invocation ended (or how far it got before simian stopped waiting). */
export interface InvocationResult {
  readonly ok: boolean;
  readonly status: string;
  /** The script's own words when it failed (stderr, else stdout), trimmed. */
  readonly detail: string;
}

const FINAL_STATUSES = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut', 'Undeliverable', 'Terminated']);

/** How long to follow an invocation: the script returns at once, so its 60 s execution timeout plus delivery. */
export interface FollowOptions {
  readonly timeoutMs?: number;
  readonly pollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Follows one instance's invocation of a command (GetCommandInvocation) until it ends: Success is the only good
 * outcome. Right after SendCommand AWS may not know the invocation yet (InvocationDoesNotExist): asked again.
 */
export async function followInvocation(
  action: Action,
  ctx: EffectContext,
  commandId: string,
  options: FollowOptions = {},
): Promise<InvocationResult> {
  const ssm = ctx.clients.ssm({
    region: action.region,
    account: action.account,
    ...(ctx.roleArn ? { roleArn: ctx.roleArn } : {}),
  });
  const timeoutMs = options.timeoutMs ?? 120_000;
  const pollMs = options.pollMs ?? 2_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const { GetCommandInvocationCommand } = await import('@aws-sdk/client-ssm');
  let status = 'Pending';
  for (let waited = 0; ; waited += pollMs) {
    try {
      const invocation = await ssm.send(
        new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: action.resource }),
      );
      status = invocation.Status ?? 'Pending';
      if (FINAL_STATUSES.has(status)) {
        const said = (invocation.StandardErrorContent || invocation.StandardOutputContent || '').trim();
        const detail = said || invocation.StatusDetails || status;
        return { ok: status === 'Success', status, detail: detail.slice(0, 500) };
      }
    } catch (error) {
      if ((error as { name?: string }).name !== 'InvocationDoesNotExist') throw error;
    }
    if (waited >= timeoutMs) {
      return { ok: false, status, detail: `still ${status} after ${Math.round(timeoutMs / 1000)}s` };
    }
    await sleep(pollMs);
  }
}
