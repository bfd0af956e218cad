import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import { GetRoleCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { simianScript } from '../queue/support/fleet-processes.js';
import { cfnLint, cloudFormation } from '../support/cloudformation.js';
import { testRedisYaml, writeConfigFile } from '../support/config-file.js';
import { testClients, uniquePrefix } from '../support/env.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const template = join(root, 'deploy', 'ecs', 'simian.yaml');

interface ContainerDefinition {
  command: string[];
  readonlyRootFilesystem?: boolean;
  environment?: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
  logConfiguration?: { logDriver: string };
}

/** The AWS CLI against the run's moto, as a user would type it (the endpoint comes from AWS_ENDPOINT_URL). */
const awsEnv = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_REGION: 'us-east-1',
};

async function awsJson(...args: string[]): Promise<unknown> {
  const { stdout } = await run('aws', [...args, '--output', 'json'], { env: awsEnv });
  return JSON.parse(stdout);
}

describe('deploy/ecs: simian on ECS Fargate', () => {
  const stack = uniquePrefix('simian-ecs');
  const roleName = uniquePrefix('simian-role');
  let deployed: string;

  beforeAll(async () => {
    const ec2 = testClients().ec2({ region: 'us-east-1' });
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }));
    const vpcId = vpc.Vpc?.VpcId ?? '';
    const subnets: string[] = [];
    for (const [index, zone] of ['us-east-1a', 'us-east-1b'].entries()) {
      const subnet = await ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.20.${index}.0/24`, AvailabilityZone: zone }),
      );
      subnets.push(subnet.Subnet?.SubnetId ?? '');
    }
    const config = writeConfigFile(testRedisYaml('unused'));
    const { stderr } = await run(
      join(root, 'deploy', 'ecs', 'deploy.sh'),
      [
        ...['--image', '123456789012.dkr.ecr.us-east-1.amazonaws.com/simian:0.1.0', '--vpc', vpcId],
        ...['--subnets', subnets.join(','), '--stack', stack, '--config', config, '--role-name', roleName],
        'RedisUrl=redis://redis.internal:6379',
      ],
      { env: { ...awsEnv, SIMIAN: `${process.execPath} ${await simianScript()}` } },
    );
    deployed = stderr;
  }, 300_000);

  it('passes cfn-lint', async () => {
    expect(await cfnLint(template)).toBe('');
  }, 120_000);

  it('deploy.sh creates both stacks on moto: the tasks may assume the simian role, which trusts them alone', async () => {
    expect(deployed).toContain(
      `deployed. roleArn for simian.yaml accounts: arn:aws:iam::123456789012:role/${roleName}`,
    );
    for (const name of [stack, `${stack}-role`]) {
      expect(await cloudFormation({ Action: 'DescribeStacks', StackName: name })).toMatch(
        /<StackStatus>CREATE_COMPLETE<\/StackStatus>/,
      );
    }
    // moto gives a stack deployed through a change set no Outputs: the task role is read as deploy.sh reads it.
    const resources = await cloudFormation({ Action: 'ListStackResources', StackName: stack });
    const taskRoleName =
      /<LogicalResourceId>TaskRole<\/LogicalResourceId>\s*<PhysicalResourceId>([^<]+)</.exec(resources)?.[1] ?? '';
    expect(taskRoleName).not.toBe('');

    const iam = testClients().iam({ region: 'us-east-1' });
    const taskRole = await iam.send(new GetRoleCommand({ RoleName: taskRoleName }));
    const taskRoleArn = taskRole.Role?.Arn ?? '';
    expect(decodeURIComponent(taskRole.Role?.AssumeRolePolicyDocument ?? '')).toContain('ecs-tasks.amazonaws.com');
    const assume = await iam.send(
      new GetRolePolicyCommand({ RoleName: taskRoleName, PolicyName: 'simian-assume-roles' }),
    );
    // moto answers an inline policy that CloudFormation created in Python's notation (single quotes).
    const statements = (
      JSON.parse(decodeURIComponent(assume.PolicyDocument ?? '{}').replaceAll("'", '"')) as {
        Statement: { Action: string[]; Resource: string | string[] }[];
      }
    ).Statement;
    // The tasks' own role changes nothing in AWS: it may only assume the simian role, with session tags.
    expect(statements).toEqual([
      expect.objectContaining({
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Resource: expect.arrayContaining([`arn:aws:iam::123456789012:role/${roleName}`]),
      }),
    ]);
    expect([statements[0]?.Resource].flat()).toHaveLength(1);

    const simianRole = await iam.send(new GetRoleCommand({ RoleName: roleName }));
    const trust = decodeURIComponent(simianRole.Role?.AssumeRolePolicyDocument ?? '');
    expect(trust).toContain(taskRoleArn);
    expect(trust).not.toContain(':root');
    expect(trust).toContain('sts:TagSession');
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
    expect(attached.AttachedPolicies?.length).toBeGreaterThan(1);
  });

  it('runs scheduler, workers and the service with a read-only root, logs in CloudWatch, Redis URL and token as secrets', async () => {
    const families = { scheduler: 'scheduler', worker: 'worker', service: 'serve' };
    for (const [family, command] of Object.entries(families)) {
      const described = (await awsJson(
        'ecs',
        'describe-task-definition',
        '--task-definition',
        `${stack}-${family}`,
      )) as { taskDefinition: { containerDefinitions: ContainerDefinition[] } };
      const [container] = described.taskDefinition.containerDefinitions;
      expect(container?.command[0]).toBe(command);
      expect(container?.readonlyRootFilesystem).toBe(true);
      expect(container?.logConfiguration?.logDriver).toBe('awslogs');
      const secrets = container?.secrets?.map((secret) => secret.name) ?? [];
      expect(secrets).toContain('SIMIAN_REDIS_URL');
      if (family === 'service') expect(secrets).toContain('SIMIAN_HTTP_TOKEN');
      // Nothing secret in the task definition's plain environment.
      const plain = JSON.stringify(container?.environment ?? []);
      expect(plain).not.toContain('SIMIAN_REDIS_URL');
      expect(plain).not.toContain('redis.internal');
      expect(plain).not.toContain('SIMIAN_HTTP_TOKEN');
    }
  });

  it('puts the HTTP service behind an internal load balancer and creates Redis with noeviction when none is given', () => {
    const resources = (parse(readFileSync(template, 'utf8')) as { Resources: Record<string, Record<string, unknown>> })
      .Resources;
    expect(resources.LoadBalancer?.Properties).toMatchObject({ Scheme: 'internal' });
    expect(resources.RedisParameters?.Properties).toMatchObject({ Properties: { 'maxmemory-policy': 'noeviction' } });
    expect(resources.Redis).toMatchObject({ Condition: 'CreateRedis' });
    expect(resources.HttpService?.Properties).toMatchObject({
      LoadBalancers: [expect.objectContaining({ ContainerPort: 8080 })],
    });
  });
});
