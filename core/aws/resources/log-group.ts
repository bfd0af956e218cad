import type { CloudWatchLogsClient, LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { Tags } from '../../fleet/model.js';
import type { AwsClients, AwsTarget } from '../clients.js';
import { byId, chunk, collectPages, hasErrorCode, mapLimit, pageSizeOf, uniqueIds } from './support.js';
import type { ResourceRecord, ResourceType } from './types.js';

/** DescribeLogGroups serves at most 50 a page, and takes as many identifiers. */
const MAX_PAGE = 50;
/** Tag reads in flight at once (ListTagsForResource: one log group a call). */
const TAG_CONCURRENCY = 4;

/** A log group's ARN without the `:*` that DescribeLogGroups' older `arn` field ends with. */
export function logGroupArnOf(raw: LogGroup): string {
  return raw.logGroupArn ?? raw.arn?.replace(/:\*$/, '') ?? '';
}

/** The name a log group ARN ends with (`arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x` → `/aws/lambda/x`). */
export function logGroupName(arn: string): string {
  return arn.slice(arn.indexOf(':log-group:') + ':log-group:'.length);
}

async function describe(logs: CloudWatchLogsClient, pageSize: number, names?: readonly string[]) {
  const { DescribeLogGroupsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  return collectPages(async (token) => {
    const page = await logs.send(
      new DescribeLogGroupsCommand({
        limit: pageSize,
        ...(names ? { logGroupIdentifiers: [...names] } : {}),
        ...(token ? { nextToken: token } : {}),
      }),
    );
    return { items: page.logGroups, next: page.nextToken };
  });
}

/** A log group's tags, or undefined when it was deleted meanwhile (it is gone). */
async function tagsOfGroup(logs: CloudWatchLogsClient, arn: string): Promise<Tags | undefined> {
  const { ListTagsForResourceCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  try {
    return { ...(await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags };
  } catch (error) {
    if (hasErrorCode(error, ['ResourceNotFoundException'])) return undefined;
    throw error;
  }
}

async function withTags(logs: CloudWatchLogsClient, raws: readonly LogGroup[]): Promise<ResourceRecord<LogGroup>[]> {
  const records = await mapLimit(raws, TAG_CONCURRENCY, async (raw) => {
    const id = logGroupArnOf(raw);
    const tags = await tagsOfGroup(logs, id);
    return tags ? [{ id, name: raw.logGroupName, tags, raw }] : [];
  });
  return records.flat();
}

/**
 * CloudWatch Logs log groups, keyed by ARN (without `:*`). AWS has no batched read of their tags, so tags cost one
 * ListTagsForResource per group (at most 4 in flight): `list` pays it for every group, `fresh` only for the live ids
 * asked; finding them costs one DescribeLogGroups per 50 groups (`fresh`: per 50 names, `logGroupIdentifiers`,
 * which leaves gone ones out). The SDK package loads with the first read. Name: logGroupName.
 */
export const logGroupType: ResourceType<LogGroup> = {
  name: 'log-group',
  service: 'Logs',
  idField: 'logGroupArn',
  nameField: 'logGroupName',
  permissions: ['logs:DescribeLogGroups', 'logs:ListTagsForResource'],
  global: false,
  recognisable: true,
  matches: (id) => /^arn:aws[a-z-]*:logs:[^:]+:\d{12}:log-group:[^:*]+$/.test(id),
  async list(clients: AwsClients, target: AwsTarget, options) {
    const logs = clients.logs(target);
    return withTags(logs, await describe(logs, pageSizeOf(options, MAX_PAGE)));
  },
  async fresh(clients, target, ids) {
    const logs = clients.logs(target);
    const wanted = new Set(uniqueIds(ids));
    const found: LogGroup[] = [];
    for (const some of chunk([...wanted].map(logGroupName), MAX_PAGE))
      found.push(...(await describe(logs, MAX_PAGE, some)));
    return byId(await withTags(logs, found), undefined, wanted);
  },
};
