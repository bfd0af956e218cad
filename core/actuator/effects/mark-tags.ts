import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import type { Action } from '../../plan/action.js';
import type { EffectContext } from '../effect.js';
import { ec2Target } from './instance-state-change.js';

/**
 * Tags an effect writes on its instance before it acts (Doctor's remedy record: when, which rule, and for a
 * quarantine, the group it left), so that the next run reads the cooldown and the grace period off the instance.
 */
export const markTags = z
  .record(z.string().min(1).max(128), z.string().max(256))
  .refine((tags) => Object.keys(tags).length <= 10, { error: 'at most 10 mark tags' });

/** Writes each action's `markTags` (one CreateTags per distinct set, as the actions of a batch usually share none). */
export async function writeMarkTags(actions: readonly Action[], ctx: EffectContext): Promise<void> {
  const marked = actions.filter((action) => action.params.markTags !== undefined);
  if (marked.length === 0) return;
  const ec2 = ctx.clients.ec2(ec2Target(marked, ctx.roleArn));
  for (const action of marked) {
    const tags = action.params.markTags as Record<string, string>;
    await ec2.send(
      new CreateTagsCommand({
        Resources: [action.resource],
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
  }
}
