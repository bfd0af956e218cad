import type { Action } from '../../plan/action.js';
import type { EffectContext } from '../effect.js';

/** The SSM client of the action's account and region. */
function ssmOf(action: Action, ctx: EffectContext) {
  return ctx.clients.ssm({
    region: action.region,
    account: action.account,
    ...(ctx.roleArn ? { roleArn: ctx.roleArn } : {}),
  });
}

/** Sends one shell script to one instance through SSM Run Command (AWS-RunShellScript); answers the command id. */
export async function runShellScript(
  action: Action,
  ctx: EffectContext,
  commands: readonly string[],
  comment: string,
): Promise<string | undefined> {
  const ssm = ssmOf(action, ctx);
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

/** A command sent for an action: its id, and whether an earlier attempt of the run had already sent it. */
export interface SentScript {
  readonly commandId: string | undefined;
  readonly already: boolean;
}

/** The command of this instance whose comment carries `token` (a send whose id was never recorded), if SSM has it. */
async function commandByToken(action: Action, ctx: EffectContext, token: string): Promise<string | undefined> {
  const { ListCommandsCommand } = await import('@aws-sdk/client-ssm');
  const ssm = ssmOf(action, ctx);
  let nextToken: string | undefined;
  do {
    const page = await ssm.send(new ListCommandsCommand({ InstanceId: action.resource, NextToken: nextToken }));
    const found = (page.Commands ?? []).find((command) => command.Comment?.endsWith(token));
    if (found?.CommandId) return found.CommandId;
    nextToken = page.NextToken;
  } while (nextToken);
  return undefined;
}

/**
 * Sends the script once per run: a retried job whose first attempt already sent it (the run's command log says so,
 * or SSM lists a command carrying the action's token) sends nothing and answers that command, `already`. Without a
 * command log (no Redis) it just sends.
 */
export async function runShellScriptOnce(
  action: Action,
  ctx: EffectContext,
  commands: readonly string[],
  comment: string,
): Promise<SentScript> {
  const log = ctx.commands;
  if (!log) return { commandId: await runShellScript(action, ctx, commands, comment), already: false };
  const token = log.token(action);
  const record = await log.get(action);
  if (record?.commandId) return { commandId: record.commandId, already: true };
  if (record) {
    // An attempt began sending and never recorded the answer (its worker died): SSM may hold the command.
    const found = await commandByToken(action, ctx, token);
    if (found) {
      await log.sent(action, found);
      return { commandId: found, already: true };
    }
  } else {
    await log.started(action, new Date());
  }
  // The token ends the comment (SSM allows 100 characters), so the lookup above can find it.
  const tagged = `${comment.slice(0, 99 - token.length)} ${token}`;
  const commandId = await runShellScript(action, ctx, commands, tagged);
  if (commandId) await log.sent(action, commandId);
  return { commandId, already: false };
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
  const ssm = ssmOf(action, ctx);
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
