import { SendCommandCommand } from '@aws-sdk/client-ssm';
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
