import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { type CommonOptions, withCommonOptions } from '../options.js';

interface IamPolicyCommandOptions extends CommonOptions {
  monkeys?: string;
  tagConditions: boolean;
  format: string;
}

const FORMATS = ['json', 'cloudformation'];

/** The record sets Kong's enabled schedule entries name (params.records), for the Route 53 conditions. */
function kongRecords(schedules: readonly { monkey: string; enabled: boolean; params: Record<string, unknown> }[]) {
  return schedules
    .filter((entry) => entry.enabled && entry.monkey === 'kong')
    .flatMap((entry) => (Array.isArray(entry.params.records) ? entry.params.records : []))
    .filter(
      (record): record is { hostedZoneId: string; name: string; type: string } =>
        typeof record?.hostedZoneId === 'string' &&
        typeof record?.name === 'string' &&
        typeof record?.type === 'string',
    );
}

/**
 * `simian iam-policy [--monkeys a,b] [--format json|cloudformation]`: the least-privilege IAM policy for those
 * monkeys (default: every monkey with an enabled schedule entry, else every registered monkey), generated from the
 * effect and resource-type registries: every mutating statement conditioned on the session tag naming the monkey
 * and on the resource's tags. JSON: one document when it fits a managed policy, else the managed policies that do;
 * cloudformation: a template with the role, its trust policy and those managed policies.
 */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('iam-policy')
      .description(
        'print the least-privilege IAM policy for the monkeys (each one’s actions under its session tag and simian:<monkey> tag conditions, plus read access to every resource type)',
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
    .option(
      '--format <format>',
      `json (a policy document, or managed policies when over 6,144 characters) or cloudformation`,
      'json',
    )
    .action(async (options: IamPolicyCommandOptions) => {
      if (!FORMATS.includes(options.format)) {
        throw new InputError(`unknown --format "${options.format}" (valid formats: ${FORMATS.join(', ')})`);
      }
      const [
        { iamPolicy, MANAGED_POLICY_LIMIT, policySize },
        { managedPolicies },
        { cloudFormationTemplate },
        { allEffects },
        { allMonkeys, getMonkey },
        { openCliContext },
      ] = await Promise.all([
        import('../../actuator/iam-policy.js'),
        import('../../actuator/iam-managed-policies.js'),
        import('../../actuator/iam-cloudformation.js'),
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
        const policyOptions = {
          monkeys,
          tagPrefix: config.global.tags.prefix,
          tagConditions: options.tagConditions,
          records: kongRecords(config.schedules),
        };
        if (options.format === 'cloudformation') {
          // The role's own policies: sts:AssumeRole on the accounts' roles belongs to the principal simian runs as.
          const template = cloudFormationTemplate(managedPolicies(allEffects(), policyOptions));
          process.stdout.write(`${JSON.stringify(template, null, 2)}\n`);
          return;
        }
        const policy = iamPolicy(allEffects(), { ...policyOptions, roleArns });
        const size = policySize(policy);
        if (size <= MANAGED_POLICY_LIMIT) {
          process.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
          return;
        }
        const policies = managedPolicies(allEffects(), { ...policyOptions, roleArns });
        process.stdout.write(`${JSON.stringify(policies, null, 2)}\n`);
        process.stderr.write(
          `simian: note: the policy is ${size} characters, over the ${MANAGED_POLICY_LIMIT} of a managed policy: printed as ${policies.length} managed policies ([{PolicyName, PolicyDocument}], each within the limit); create each and attach them all to the role, or deploy --format cloudformation (docs/iam.md)\n`,
        );
      } finally {
        await context.close();
      }
    });
}
