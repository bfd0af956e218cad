// The action kinds are registered by the monkeys that declare them.
import '../../monkeys/index.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  type Policy,
} from '@aws-sdk/client-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { MANAGED_POLICY_LIMIT, type PolicyDocument, policySize } from '../../core/actuator/iam-policy.js';
import { simian } from '../support/cli.js';
import { cfnLint, cloudFormation } from '../support/cloudformation.js';
import { testRedisYaml, writeConfigFile } from '../support/config-file.js';
import { testClients, uniquePrefix } from '../support/env.js';

interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

describe('simian iam-policy --format cloudformation', () => {
  let template: Template;
  let file: string;

  beforeAll(async () => {
    const config = writeConfigFile(testRedisYaml('unused'));
    const { code, stdout, stderr } = await simian('iam-policy', '-c', config, '--format', 'cloudformation');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    template = JSON.parse(stdout) as Template;
    file = join(mkdtempSync(join(tmpdir(), 'simian-cfn-')), 'simian-role.json');
    writeFileSync(file, stdout);
  });

  it('holds the role, a trust policy allowing sts:TagSession, and managed policies that each fit', () => {
    const role = template.Resources.SimianRole;
    expect(role?.Type).toBe('AWS::IAM::Role');
    const trust = JSON.stringify(role?.Properties.AssumeRolePolicyDocument);
    expect(trust).toContain('"sts:AssumeRole"');
    expect(trust).toContain('"sts:TagSession"');
    expect(trust).toContain('"aws:TagKeys":["simian-monkey","simian-revert"]');
    const policies = Object.values(template.Resources).filter(
      (resource) => resource.Type === 'AWS::IAM::ManagedPolicy',
    );
    expect(policies.length).toBeGreaterThan(1);
    for (const policy of policies) {
      expect(policySize(policy.Properties.PolicyDocument as PolicyDocument)).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
    }
  });

  it('passes cfn-lint', async () => {
    expect(await cfnLint(file)).toBe('');
  }, 120_000);

  it("deploys on moto's CloudFormation: the role, its trust policy and its managed policies read back", async () => {
    const roleName = uniquePrefix('simian');
    const stackName = uniquePrefix('simian-role');
    await cloudFormation({
      Action: 'CreateStack',
      StackName: stackName,
      TemplateBody: JSON.stringify(template),
      'Parameters.member.1.ParameterKey': 'RoleName',
      'Parameters.member.1.ParameterValue': roleName,
      'Capabilities.member.1': 'CAPABILITY_NAMED_IAM',
    });
    const described = await cloudFormation({ Action: 'DescribeStacks', StackName: stackName });
    expect(described).toMatch(/<StackStatus>CREATE_COMPLETE<\/StackStatus>/);

    const iam = testClients().iam({ region: 'us-east-1' });
    const role = await iam.send(new GetRoleCommand({ RoleName: roleName }));
    const trust = decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? '');
    expect(trust).toContain('sts:TagSession');
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
    const expected = Object.values(template.Resources).filter(
      (resource) => resource.Type === 'AWS::IAM::ManagedPolicy',
    );
    expect(attached.AttachedPolicies?.length).toBe(expected.length);
    const statements: string[] = [];
    for (const { PolicyArn } of attached.AttachedPolicies ?? []) {
      const { Policy: policy } = (await iam.send(new GetPolicyCommand({ PolicyArn }))) as { Policy?: Policy };
      const version = await iam.send(
        new GetPolicyVersionCommand({ PolicyArn, VersionId: policy?.DefaultVersionId ?? 'v1' }),
      );
      const document = JSON.parse(decodeURIComponent(version.PolicyVersion?.Document ?? '{}')) as PolicyDocument;
      statements.push(...document.Statement.map((statement) => statement.Sid));
    }
    const sids = expected.flatMap((resource) =>
      (resource.Properties.PolicyDocument as PolicyDocument).Statement.map((statement) => statement.Sid),
    );
    expect(statements.sort()).toEqual(sids.sort());
    expect(statements).toContain('SimianChaosOptInOwnTag');
  }, 120_000);
});
