import type { Command } from 'commander';
import { type CommonOptions, withCommonOptions } from '../options.js';

/**
 * `simian iam-policy`: the IAM policy simian needs, generated from the effect and resource-type registries, as JSON
 * on stdout.
 */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('iam-policy')
      .description(
        'print the IAM policy simian needs (every action kind it can perform, plus read access to every resource type)',
      ),
  ).action(async (options: CommonOptions) => {
    const [{ iamPolicy }, { allEffects }, { resourceTypes }, { openCliContext }] = await Promise.all([
      import('../../actuator/iam-policy.js'),
      import('../../actuator/registry.js'),
      import('../../aws/resources/index.js'),
      import('../context.js'),
    ]);
    const context = openCliContext(options);
    try {
      const roles = context.config.global.accounts.flatMap((account) => (account.roleArn ? [account.roleArn] : []));
      process.stdout.write(`${JSON.stringify(iamPolicy(allEffects(), roles, resourceTypes), null, 2)}\n`);
    } finally {
      await context.close();
    }
  });
}
