import type { Image, LaunchTemplate, ResponseLaunchTemplateData } from '@aws-sdk/client-ec2';
import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { JANITOR_RESOURCE_TYPES, type JanitorResourceType } from '../../core/actuator/effects/janitor-types.js';
import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';
import { collectPages, mapLimit } from '../../core/aws/resources/support.js';
import type { ResourceRecord, ResourceTypeName } from '../../core/aws/resources/types.js';

/** The resource types Janitor cleans (launch templates and target groups are read, never deleted). */
export const JANITOR_TYPES: readonly JanitorType[] = JANITOR_RESOURCE_TYPES satisfies readonly ResourceTypeName[];
export type JanitorType = JanitorResourceType;

/** Everything the rules and the use index read: every type that can reference a candidate. */
export const WORLD_READS: readonly ResourceTypeName[] = [...JANITOR_TYPES, 'launch-template', 'target-group'];

/** One version of a launch template (every version counts as a use, not only those a group launches). */
export interface TemplateVersion {
  readonly templateId: string;
  readonly templateName: string;
  readonly version: number;
  readonly data: ResponseLaunchTemplateData;
}

/** What the listings do not say and a use check needs: read by `prepare`, and again at action time. */
export interface Observed {
  readonly templateVersions: readonly TemplateVersion[];
  /** Image id → who else may launch it (account ids, groups such as `all`); absent: shared with no one. */
  readonly imageSharing: Readonly<Record<string, readonly string[]>>;
  /** Target group ARN → ids of its registered targets (any health). */
  readonly targets: Readonly<Record<string, readonly string[]>>;
}

/** The listings (by type) and the observations: what one janitor decision is made from. */
export interface World {
  readonly records: ReadonlyMap<string, readonly ResourceRecord[]>;
  readonly observed: Observed;
}

/** Parallel describe calls per kind of observation (one per image, template or target group). */
const IN_FLIGHT = 5;

export function recordsOf<Raw>(world: Pick<World, 'records'>, type: ResourceTypeName): readonly ResourceRecord<Raw>[] {
  return (world.records.get(type) ?? []) as readonly ResourceRecord<Raw>[];
}

/**
 * Reads every version of every launch template, who each image is shared with, and every target group's targets:
 * one paginated DescribeLaunchTemplateVersions per template, one DescribeImageAttribute per image, one
 * DescribeTargetHealth per target group. Read-only; any error propagates (the caller fails closed).
 */
export async function readObserved(
  clients: AwsClients,
  target: AwsTarget,
  listed: Pick<World, 'records'>,
): Promise<Observed> {
  // The SDK packages load with the first read, not with the monkey registry (an idle worker, `--help`).
  const { DescribeImageAttributeCommand, DescribeLaunchTemplateVersionsCommand } = await import('@aws-sdk/client-ec2');
  const { DescribeTargetHealthCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const ec2 = clients.ec2(target);
  const elbv2 = clients.elbv2(target);
  const templates = recordsOf<LaunchTemplate>(listed, 'launch-template');
  const versions = await mapLimit(templates, IN_FLIGHT, async (template) => {
    const found = await collectPages(async (token) => {
      const page = await ec2.send(
        new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: template.id, NextToken: token }),
      );
      return { items: page.LaunchTemplateVersions, next: page.NextToken };
    });
    return found.map(
      (version): TemplateVersion => ({
        templateId: template.id,
        templateName: template.name ?? template.id,
        version: version.VersionNumber ?? 0,
        data: version.LaunchTemplateData ?? {},
      }),
    );
  });
  const images = recordsOf<Image>(listed, 'image');
  const sharing = await mapLimit(images, IN_FLIGHT, async (image) => {
    const answer = await ec2.send(
      new DescribeImageAttributeCommand({ ImageId: image.id, Attribute: 'launchPermission' }),
    );
    const who = (answer.LaunchPermissions ?? []).flatMap((permission) =>
      [permission.UserId, permission.Group, permission.OrganizationArn, permission.OrganizationalUnitArn].filter(
        (value): value is string => Boolean(value),
      ),
    );
    if (image.raw.Public && !who.includes('all')) who.push('all');
    return [image.id, who] as const;
  });
  const groups = recordsOf<TargetGroup>(listed, 'target-group');
  const targets = await mapLimit(groups, IN_FLIGHT, async (group) => {
    const answer = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group.id }));
    const ids = (answer.TargetHealthDescriptions ?? []).flatMap((health) => health.Target?.Id ?? []);
    return [group.id, ids] as const;
  });
  return {
    templateVersions: versions.flat(),
    imageSharing: Object.fromEntries(sharing.filter(([, who]) => who.length > 0)),
    targets: Object.fromEntries(targets),
  };
}

async function listWorld(clients: AwsClients, target: AwsTarget, types: readonly ResourceTypeName[]): Promise<World> {
  const { getResourceType } = await import('../../core/aws/resources/index.js');
  const listed = await Promise.all(
    types.map(async (type) => [type, await getResourceType(type).list(clients, target)] as const),
  );
  const records = new Map<string, readonly ResourceRecord[]>(listed);
  return { records, observed: await readObserved(clients, target, { records }) };
}

/** Lists every type the use index needs, then observes: the fresh world an action-time check decides from. */
export function readWorld(clients: AwsClients, target: AwsTarget): Promise<World> {
  return listWorld(clients, target, WORLD_READS);
}

/**
 * The plan's part beside the snapshot: groups and instances as AWS describes them (the snapshot keeps its own model
 * of those), and the observations, read from the types they need (templates, images, target groups).
 */
export function readPrepared(clients: AwsClients, target: AwsTarget): Promise<World> {
  return listWorld(clients, target, ['instance', 'auto-scaling-group', 'launch-template', 'image', 'target-group']);
}
