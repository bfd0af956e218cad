import type { EC2Client, Filter } from '@aws-sdk/client-ec2';
import type { AwsClients, AwsTarget } from '../clients.js';
import { byId, chunk, collectPages, EC2_FILTER_VALUES, mapLimit, pageSizeOf, uniqueIds } from './support.js';
import type { ResourceRecord, ResourceType, ResourceTypeName } from './types.js';

/** One Describe call of EC2: the filters, the page size and the token in; one page of items and the next token out. */
export type Ec2Describe<Raw> = (
  ec2: EC2Client,
  input: { Filters: Filter[]; MaxResults?: number; NextToken?: string },
) => Promise<{ items?: Raw[] | undefined; next?: string | undefined }>;

export interface Ec2TypeSpec<Raw> {
  readonly name: ResourceTypeName;
  readonly idField: string;
  readonly nameField?: string;
  readonly permission: string;
  /** The shape of this type's ids (`^vol-[0-9a-f]+$`). */
  readonly idPattern: RegExp;
  /** The Describe filter that selects by id (`volume-id`). */
  readonly idFilter: string;
  /** The API's largest page (MaxResults); undefined for an API that does not paginate (DescribeAddresses). */
  readonly maxPage?: number;
  readonly minPage?: number;
  readonly describe: Ec2Describe<Raw>;
  readonly toRecord: (raw: Raw) => ResourceRecord<Raw>;
  /** Filters every call carries (snapshots and images: the owner). */
  readonly baseFilters?: (target: AwsTarget) => Filter[];
  readonly isGone?: (record: ResourceRecord<Raw>) => boolean;
}

/**
 * An EC2 type read through Describe filters. `fresh` filters by id (`<idFilter>`, EC2_FILTER_VALUES ids per call,
 * FRESH_IN_FLIGHT calls at once, in pages of the largest size): an id filter matches nothing for a deleted id instead
 * of failing the call the way `VolumeIds: [...]` does with InvalidVolume.NotFound, so a mix of live and deleted ids
 * costs the same calls. When this process listed the type in that account and region before, and that listing held
 * no more resources than the ids asked and takes fewer calls than their filters, `fresh` lists instead: the same
 * fresh read, in fewer calls (250 ids among 3 volumes: 1 listing instead of 2 filters). A listing larger than the
 * batch is never read again for it: what a Describe call costs grows with the resources it answers (moto renders
 * each one's tags by scanning every tag of the region), so a batch of 1,000 among 2,762 snapshots reads 1,000.
 */
/** Id-filter calls of one `fresh` read in flight at once (a batch of 1,000 ids is 5 of them). */
const FRESH_IN_FLIGHT = 5;

export function ec2FilteredType<Raw>(spec: Ec2TypeSpec<Raw>): ResourceType<Raw> {
  const read = async (clients: AwsClients, target: AwsTarget, filters: Filter[], pageSize: number | undefined) => {
    const ec2 = clients.ec2(target);
    const base = spec.baseFilters?.(target) ?? [];
    const raws = await collectPages((token) =>
      spec.describe(ec2, {
        Filters: [...base, ...filters],
        ...(pageSize === undefined ? {} : { MaxResults: pageSize }),
        ...(token ? { NextToken: token } : {}),
      }),
    );
    return raws.map(spec.toRecord);
  };
  const maxPage = spec.maxPage;
  // How many resources the last listing found, per account and region: what a listing would cost `fresh` now.
  const listedSizes = new Map<string, number>();
  const where = (target: AwsTarget) => `${target.account ?? ''}|${target.region}`;
  const listingCalls = (size: number) => (maxPage === undefined ? 1 : Math.max(1, Math.ceil(size / maxPage)));
  return {
    name: spec.name,
    service: 'EC2',
    idField: spec.idField,
    ...(spec.nameField ? { nameField: spec.nameField } : {}),
    permissions: [spec.permission],
    global: false,
    recognisable: true,
    matches: (id) => spec.idPattern.test(id),
    async list(clients, target, options) {
      const pageSize = maxPage === undefined ? undefined : pageSizeOf(options, maxPage, spec.minPage);
      const records = await read(clients, target, [], pageSize);
      listedSizes.set(where(target), records.length);
      return [...byId(records, spec.isGone).values()];
    },
    async fresh(clients, target, ids) {
      const wanted = uniqueIds(ids);
      const listed = listedSizes.get(where(target));
      const filters = chunk(wanted, EC2_FILTER_VALUES);
      if (listed !== undefined && listed <= wanted.length && listingCalls(listed) < filters.length) {
        const everything = await read(clients, target, [], maxPage);
        listedSizes.set(where(target), everything.length);
        return byId(everything, spec.isGone, new Set(wanted));
      }
      const pages = await mapLimit(filters, FRESH_IN_FLIGHT, (values) =>
        read(clients, target, [{ Name: spec.idFilter, Values: values }], maxPage),
      );
      return byId(pages.flat(), spec.isGone, new Set(wanted));
    },
    ...(spec.isGone ? { isGone: spec.isGone } : {}),
  };
}
