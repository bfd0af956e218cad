import { CreateTagsCommand, RegisterImageCommand } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients.js';
import { assertSandboxEndpoint, type SeededFleet, seedFleet } from './seed.js';

/** What a cleanup tool should find in one region: unused volumes and snapshots among used ones. */
export interface LeftoversSpec {
  readonly region: string;
  readonly zones: readonly string[];
  /** Loose instances; each one's root volume is a volume in use. */
  readonly instances: number;
  /** Extra volumes attached to those instances (in use). */
  readonly attachedVolumes: number;
  /** Volumes attached to nothing (unused). */
  readonly detachedVolumes: number;
  /** Tags written on the detached volumes only (e.g. the date a cleanup tool first saw them detached). */
  readonly detachedTags?: Readonly<Record<string, string>>;
  /** Snapshots no image uses (unused). */
  readonly unusedSnapshots: number;
  /** Images, each holding a snapshot of its own (those snapshots are in use). */
  readonly images: number;
}

export interface SeededLeftovers {
  readonly fleet: SeededFleet;
  readonly unused: { readonly volumes: readonly string[]; readonly snapshots: readonly string[] };
  readonly imageIds: readonly string[];
}

const TAG_BATCH = 500; // resources per CreateTags while seeding
const PARALLEL = 8;

/**
 * Seeds what Janitor and any other cleanup tool should agree on: detached volumes and unreferenced snapshots to
 * flag, next to instances' root and data volumes and images' snapshots that must never be flagged. Sandbox only.
 */
export async function seedLeftovers(clients: AwsClients, spec: LeftoversSpec): Promise<SeededLeftovers> {
  assertSandboxEndpoint(clients);
  const fleet = await seedFleet(clients, {
    region: spec.region,
    zones: spec.zones,
    loose: { count: spec.instances },
    volumes: { attached: spec.attachedVolumes, detached: spec.detachedVolumes },
    snapshots: spec.unusedSnapshots,
  });
  const ec2 = clients.ec2({ region: spec.region });
  // moto gives every registered image a snapshot of its own, which the image then uses.
  const imageIds: string[] = [];
  for (let start = 0; start < spec.images; start += PARALLEL) {
    const batch = Array.from({ length: Math.min(PARALLEL, spec.images - start) }, (_, index) =>
      ec2.send(new RegisterImageCommand({ Name: `leftovers-image-${start + index}` })),
    );
    for (const image of await Promise.all(batch)) imageIds.push(image.ImageId as string);
  }
  const detached = fleet.volumes.detached;
  if (spec.detachedTags) {
    const Tags = Object.entries(spec.detachedTags).map(([Key, Value]) => ({ Key, Value }));
    for (let start = 0; start < detached.length; start += TAG_BATCH) {
      await ec2.send(new CreateTagsCommand({ Resources: detached.slice(start, start + TAG_BATCH), Tags }));
    }
  }
  return { fleet, unused: { volumes: detached, snapshots: fleet.snapshotIds }, imageIds };
}
