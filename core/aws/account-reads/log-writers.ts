import type { Trail } from '@aws-sdk/client-cloudtrail';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { QueryLoggingConfig } from '@aws-sdk/client-route-53';
import { GLOBAL_REGION } from '../clients.js';
import { collectPages } from '../resources/support.js';
import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

// The services that write to a log group or point at one (Janitor): trails, DNS query logging, functions, tasks.

const CLOUDTRAIL_TRAILS: AccountReadKind = {
  kind: 'cloudtrail-trails',
  service: 'CloudTrail',
  permissions: ['cloudtrail:DescribeTrails'],
};

const QUERY_LOGGING_CONFIGS: AccountReadKind = {
  kind: 'route53-query-logging-configs',
  service: 'Route53',
  permissions: ['route53:ListQueryLoggingConfigs'],
};

const LAMBDA_FUNCTIONS: AccountReadKind = {
  kind: 'lambda-functions',
  service: 'Lambda',
  permissions: ['lambda:ListFunctions'],
};

const ECS_TASK_DEFINITIONS: AccountReadKind = {
  kind: 'ecs-task-definitions',
  service: 'ECS',
  permissions: ['ecs:ListTaskDefinitions'],
};

const ECS_TASK_DEFINITION: AccountReadKind = {
  kind: 'ecs-task-definition',
  service: 'ECS',
  permissions: ['ecs:DescribeTaskDefinition'],
};

/** ListFunctions serves at most 50 a page; ListTaskDefinitions 100; ListQueryLoggingConfigs 100. */
const FUNCTIONS_PAGE = 50;
const TASK_DEFINITIONS_PAGE = 100;
const QUERY_LOGGING_PAGE = 100;

/** Every trail of the region (DescribeTrails), the shadow trails of other regions' multi-region trails too. */
export const cloudTrailTrails = accountRead(CLOUDTRAIL_TRAILS, async (clients, target): Promise<Trail[]> => {
  const { DescribeTrailsCommand } = await import('@aws-sdk/client-cloudtrail');
  const answer = await clients.cloudTrail(target).send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  return answer.trailList ?? [];
});

/** Route 53 public DNS query logging (ListQueryLoggingConfigs, 100 a page): a global service, read in us-east-1. */
export const queryLoggingConfigs = accountRead(
  QUERY_LOGGING_CONFIGS,
  async (clients, target): Promise<QueryLoggingConfig[]> => {
    const { ListQueryLoggingConfigsCommand } = await import('@aws-sdk/client-route-53');
    // In GLOBAL_REGION even when called directly (not through AccountReadCache): Route 53 has one endpoint.
    const route53 = clients.route53({ ...target, region: GLOBAL_REGION });
    return collectPages(async (token) => {
      const page = await route53.send(
        new ListQueryLoggingConfigsCommand({ MaxResults: QUERY_LOGGING_PAGE, NextToken: token }),
      );
      return { items: page.QueryLoggingConfigs, next: page.NextToken };
    });
  },
  { global: true },
);

/** Every Lambda function of the region, every version (ListFunctions, FunctionVersion=ALL, 50 a page). */
export const lambdaFunctions = accountRead(
  LAMBDA_FUNCTIONS,
  async (clients, target): Promise<FunctionConfiguration[]> => {
    const { ListFunctionsCommand } = await import('@aws-sdk/client-lambda');
    const lambda = clients.lambda(target);
    return collectPages<FunctionConfiguration>(async (token) => {
      const page = await lambda.send(
        new ListFunctionsCommand({ FunctionVersion: 'ALL', MaxItems: FUNCTIONS_PAGE, Marker: token }),
      );
      return { items: page.Functions, next: page.NextMarker };
    });
  },
);

/** The ARN of every ACTIVE ECS task definition revision of the region (ListTaskDefinitions, 100 a page). */
export const activeTaskDefinitions = accountRead(ECS_TASK_DEFINITIONS, async (clients, target): Promise<string[]> => {
  const { ListTaskDefinitionsCommand } = await import('@aws-sdk/client-ecs');
  const ecs = clients.ecs(target);
  return collectPages(async (token) => {
    const page = await ecs.send(
      new ListTaskDefinitionsCommand({ status: 'ACTIVE', maxResults: TASK_DEFINITIONS_PAGE, nextToken: token }),
    );
    return { items: page.taskDefinitionArns, next: page.nextToken };
  });
});

/** One task definition revision, described (DescribeTaskDefinition: AWS has no batched form). */
export function taskDefinition(arn: string): AccountRead<TaskDefinition | undefined> {
  return accountRead(
    ECS_TASK_DEFINITION,
    async (clients, target) => {
      const { DescribeTaskDefinitionCommand } = await import('@aws-sdk/client-ecs');
      const answer = await clients.ecs(target).send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
      return answer.taskDefinition;
    },
    { name: `${ECS_TASK_DEFINITION.kind}:${arn}` },
  );
}

export const LOG_WRITER_READ_KINDS: readonly AccountReadKind[] = [
  CLOUDTRAIL_TRAILS,
  QUERY_LOGGING_CONFIGS,
  LAMBDA_FUNCTIONS,
  ECS_TASK_DEFINITIONS,
  ECS_TASK_DEFINITION,
];
