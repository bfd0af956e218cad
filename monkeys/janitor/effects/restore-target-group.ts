import { asAws, janitorRestoreEffect } from './janitor-restore.js';
import { targetOf } from './janitor-target.js';
import { targetGroupAgain } from './target-group-again.js';

/**
 * A target group the Janitor deleted, created again under its name with its protocol, port, VPC, target type,
 * health check and tags (a new ARN; no registered targets). A retry finds the group it already made, by what AWS
 * says of it, never by its tags (`targetGroupAgain`).
 */
export const restoreTargetGroup = janitorRestoreEffect({
  kind: 'restore-target-group',
  type: 'target-group',
  description: "Create a deleted target group again from its settings in the Janitor's record",
  permissions: [
    'elasticloadbalancing:CreateTargetGroup',
    'elasticloadbalancing:AddTags',
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetHealth',
  ],
  pacing: 'elasticloadbalancing:CreateTargetGroup',
  restoreOne: (deletion, config, ctx) =>
    targetGroupAgain(
      ctx.clients.elbv2(targetOf(deletion, ctx)),
      asAws(config.targetGroup),
      config.tags,
      deletion.resource,
    ),
});
