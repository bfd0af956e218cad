import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { type AwsClients, type AwsTarget, GLOBAL_REGION } from '../../core/aws/clients.js';
import { collectPages, mapLimit } from '../../core/aws/resources/support.js';
import type { ResourceRecord } from '../../core/aws/resources/types.js';
import { type FoundUse, IN_FLIGHT, readOrDoubt, type Unreadable } from './use-reads.js';

/**
 * The IAM actions of these reads: declared with them, granted with the effect that deletes a log group (its fresh
 * re-check reads them again), so `simian iam-policy` holds them whenever the Janitor is granted.
 */
export const LOG_WRITER_PERMISSIONS = [
  'cloudtrail:DescribeTrails',
  'route53:ListQueryLoggingConfigs',
  'lambda:ListFunctions',
  'ecs:ListTaskDefinitions',
  'ecs:DescribeTaskDefinition',
] as const;

/** ListFunctions serves at most 50 a page; ListTaskDefinitions 100; ListQueryLoggingConfigs 100. */
const FUNCTIONS_PAGE = 50;
const TASK_DEFINITIONS_PAGE = 100;
const QUERY_LOGGING_PAGE = 100;

/** The log groups a run judges, by name and by ARN (writers name a group either way). */
interface Groups {
  readonly byName: ReadonlyMap<string | undefined, string>;
  readonly byArn: ReadonlySet<string>;
}

/** A log group ARN as a writer gives it (`…:log-group:name:*`), to the id the Janitor keys groups by. */
const withoutStar = (arn: string | undefined) => arn?.replace(/:\*$/, '');

/** CloudTrail trails delivering to a group (DescribeTrails, shadow trails of other regions' multi-region trails too). */
async function trailUses(clients: AwsClients, target: AwsTarget, groups: Groups): Promise<FoundUse[]> {
  const { DescribeTrailsCommand } = await import('@aws-sdk/client-cloudtrail');
  const answer = await clients.cloudTrail(target).send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  return (answer.trailList ?? []).flatMap((trail) => {
    const arn = withoutStar(trail.CloudWatchLogsLogGroupArn);
    return arn && groups.byArn.has(arn) ? [{ id: arn, by: `CloudTrail trail ${trail.Name ?? trail.TrailARN}` }] : [];
  });
}

/** Route 53 public DNS query logging (ListQueryLoggingConfigs, a global service: its groups live in us-east-1). */
async function queryLoggingUses(clients: AwsClients, target: AwsTarget, groups: Groups): Promise<FoundUse[]> {
  const { ListQueryLoggingConfigsCommand } = await import('@aws-sdk/client-route-53');
  const route53 = clients.route53({ ...target, region: GLOBAL_REGION });
  const configs = await collectPages(async (token) => {
    const page = await route53.send(
      new ListQueryLoggingConfigsCommand({ MaxResults: QUERY_LOGGING_PAGE, NextToken: token }),
    );
    return { items: page.QueryLoggingConfigs, next: page.NextToken };
  });
  return configs.flatMap((config) => {
    const arn = withoutStar(config.CloudWatchLogsLogGroupArn);
    return arn && groups.byArn.has(arn)
      ? [{ id: arn, by: `Route 53 query logging of hosted zone ${config.HostedZoneId ?? '?'}` }]
      : [];
  });
}

/**
 * Lambda functions, every version (ListFunctions, FunctionVersion=ALL): each writes to its LoggingConfig.LogGroup,
 * or, without one, to `/aws/lambda/<name>`.
 */
async function functionUses(clients: AwsClients, target: AwsTarget, groups: Groups): Promise<FoundUse[]> {
  const { ListFunctionsCommand } = await import('@aws-sdk/client-lambda');
  const lambda = clients.lambda(target);
  const functions = await collectPages<FunctionConfiguration>(async (token) => {
    const page = await lambda.send(
      new ListFunctionsCommand({ FunctionVersion: 'ALL', MaxItems: FUNCTIONS_PAGE, Marker: token }),
    );
    return { items: page.Functions, next: page.NextMarker };
  });
  return functions.flatMap((fn) => {
    const configured = fn.LoggingConfig?.LogGroup;
    const name = configured ?? `/aws/lambda/${fn.FunctionName}`;
    const id = groups.byName.get(name);
    const version = fn.Version && fn.Version !== '$LATEST' ? ` version ${fn.Version}` : '';
    const how = configured ? 'LoggingConfig' : 'its default log group';
    return id ? [{ id, by: `Lambda function ${fn.FunctionName}${version} (${how})` }] : [];
  });
}

/**
 * The group a container logs to in this region: `awslogs-group` of the awslogs driver, `log_group_name` of a
 * FireLens route to CloudWatch. One in another region (`awslogs-region`) is that region's group, not this one's.
 */
function containerGroup(container: ContainerDefinition, region: string): string | undefined {
  const options = container.logConfiguration?.options ?? {};
  const otherRegion = (options['awslogs-region'] ?? options.region ?? region) !== region;
  if (otherRegion) return undefined;
  if (container.logConfiguration?.logDriver === 'awslogs') return options['awslogs-group'];
  if (container.logConfiguration?.logDriver === 'awsfirelens') return options.log_group_name;
  return undefined;
}

/**
 * ECS task definitions: every ACTIVE revision (ListTaskDefinitions, 100 a page; a service may still run an older
 * one), each described (DescribeTaskDefinition: AWS has no batched form, so one call a revision, 5 in flight).
 * Deregistered (INACTIVE) revisions can start no new task and are not read.
 */
async function taskDefinitionUses(clients: AwsClients, target: AwsTarget, groups: Groups): Promise<FoundUse[]> {
  const { DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand } = await import('@aws-sdk/client-ecs');
  const ecs = clients.ecs(target);
  const arns = await collectPages(async (token) => {
    const page = await ecs.send(
      new ListTaskDefinitionsCommand({ status: 'ACTIVE', maxResults: TASK_DEFINITIONS_PAGE, nextToken: token }),
    );
    return { items: page.taskDefinitionArns, next: page.nextToken };
  });
  const found = await mapLimit(arns, IN_FLIGHT, async (arn) => {
    const answer = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
    const definition = answer.taskDefinition;
    const revision = `${definition?.family ?? arn}:${definition?.revision ?? '?'}`;
    return (definition?.containerDefinitions ?? []).flatMap((container) => {
      const id = groups.byName.get(containerGroup(container, target.region));
      return id ? [{ id, by: `ECS task definition ${revision} (container ${container.name ?? '?'})` }] : [];
    });
  });
  return found.flat();
}

/**
 * Every service that writes to a log group or points at one: CloudTrail trails, Route 53 query logging, Lambda
 * functions, ECS task definitions. A group one of them names is in use whatever its last event. Each is one read
 * of the whole account; one that fails leaves every group in doubt (none is marked or deleted that run), and why.
 */
export async function logWriterUses(
  clients: AwsClients,
  target: AwsTarget,
  records: readonly ResourceRecord<LogGroup>[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  const all = records.map((group) => group.id);
  const groups: Groups = {
    byName: new Map(records.map((group) => [group.raw.logGroupName, group.id])),
    byArn: new Set(all),
  };
  const reads = [
    ['the CloudTrail trails', trailUses],
    ['the Route 53 query logging configurations', queryLoggingUses],
    ['the Lambda functions', functionUses],
    ['the ECS task definitions', taskDefinitionUses],
  ] as const;
  const found: FoundUse[] = [];
  for (const [what, read] of reads)
    found.push(...(await readOrDoubt(what, all, unreadable, [], () => read(clients, target, groups))));
  return found;
}
