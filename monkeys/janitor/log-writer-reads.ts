import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import {
  activeTaskDefinitions,
  cloudTrailTrails,
  lambdaFunctions,
  queryLoggingConfigs,
  taskDefinition,
} from '../../core/aws/account-reads/log-writers.js';
import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';
import { mapLimit } from '../../core/aws/resources/support.js';
import type { ResourceRecord } from '../../core/aws/resources/types.js';
import { type FoundUse, IN_FLIGHT, readOrDoubt, type Unreadable } from './use-reads.js';

/** The log groups a run judges, by name and by ARN (writers name a group either way). */
interface Groups {
  readonly byName: ReadonlyMap<string | undefined, string>;
  readonly byArn: ReadonlySet<string>;
}

/** A log group ARN as a writer gives it (`…:log-group:name:*`), to the id the Janitor keys groups by. */
const withoutStar = (arn: string | undefined) => arn?.replace(/:\*$/, '');

/** CloudTrail trails delivering to a group (DescribeTrails, shadow trails of other regions' multi-region trails too). */
async function trailUses(clients: AwsClients, target: AwsTarget, groups: Groups): Promise<FoundUse[]> {
  const trails = await cloudTrailTrails.read(clients, target);
  return trails.flatMap((trail) => {
    const arn = withoutStar(trail.CloudWatchLogsLogGroupArn);
    return arn && groups.byArn.has(arn) ? [{ id: arn, by: `CloudTrail trail ${trail.Name ?? trail.TrailARN}` }] : [];
  });
}

/** Route 53 public DNS query logging (ListQueryLoggingConfigs, a global service: its groups live in us-east-1). */
async function queryLoggingUses(clients: AwsClients, target: AwsTarget, groups: Groups): Promise<FoundUse[]> {
  const configs = await queryLoggingConfigs.read(clients, target);
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
  const functions = await lambdaFunctions.read(clients, target);
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
  const arns = await activeTaskDefinitions.read(clients, target);
  const found = await mapLimit(arns, IN_FLIGHT, async (arn) => {
    const definition = await taskDefinition(arn).read(clients, target);
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
