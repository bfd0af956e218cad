import type { Command } from 'commander';
import { type CommonOptions, withCommonOptions } from '../options.js';

interface IamPolicyCommandOptions extends CommonOptions {
  monkeys?: string;
  tagConditions: boolean;
}

/**
 * `simian iam-policy [--monkeys a,b]`: the least-privilege IAM policy for those monkeys (default: every monkey with
 * an enabled schedule entry, else every registered monkey), generated from the effect and resource-type
 * registries, with tag conditions on every destructive action that supports them, as JSON on stdout.
 */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('iam-policy')
      .description(
        'print the least-privilege IAM policy for the monkeys (their actions under simian:<monkey> tag conditions, plus read access to every resource type)',
      ),
  )
    .option(
      '--monkeys <names>',
      'comma-separated monkeys to grant (default: those with an enabled schedule entry, else all)',
    )
    .option(
      '--no-tag-conditions',
      'leave out the aws:ResourceTag conditions (only for YAML rules with requireTag: false: AWS would refuse untagged groups)',
    )
    .action(async (options: IamPolicyCommandOptions) => {
      const [
        { iamPolicy, MANAGED_POLICY_LIMIT, policySize },
        { allEffects },
        { allMonkeys, getMonkey },
        { openCliContext },
      ] = await Promise.all([
        import('../../actuator/iam-policy.js'),
        import('../../actuator/registry.js'),
        import('../../../monkeys/index.js'),
        import('../context.js'),
      ]);
      const context = openCliContext(options);
      try {
        const { config } = context;
        const scheduled = [...new Set(config.schedules.filter((entry) => entry.enabled).map((entry) => entry.monkey))];
        const names = options.monkeys
          ? options.monkeys
              .split(',')
              .map((name) => name.trim())
              .filter(Boolean)
          : scheduled;
        const monkeys = names.length > 0 ? names.map((name) => getMonkey(name)) : allMonkeys();
        const roleArns = config.global.accounts.flatMap((account) => (account.roleArn ? [account.roleArn] : []));
        const policy = iamPolicy(allEffects(), {
          monkeys,
          roleArns,
          tagPrefix: config.global.tags.prefix,
          tagConditions: options.tagConditions,
        });
        process.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
        const size = policySize(policy);
        if (size > MANAGED_POLICY_LIMIT) {
          process.stderr.write(
            `simian: note: the policy is ${size} characters, over the ${MANAGED_POLICY_LIMIT} of a managed policy: attach it inline, or print one per monkey set with --monkeys (docs/iam.md)\n`,
          );
        }
      } finally {
        await context.close();
      }
    });
}
