import type { EC2Client, Filter } from '@aws-sdk/client-ec2';
import type { AwsClients, AwsTarget } from '../clients.js';
import {
  byId,
  chunk,
  collect,
  collectPages,
  EC2_FILTER_VALUES,
  goneTest,
  mapLimit,
  pageSizeOf,
  pagesOf,
  uniqueIds,
} from './support.js';
import type { ListOptions, PagedResourceType, ResourceRecord, ResourceTypeName } from './types.js';

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
  /**
   * A by-id Describe that takes more ids a call than a filter does (DescribeInstances: 1,000 InstanceIds) but fails
   * whole on an unknown id, naming it: `fresh` uses it where it costs fewer calls than the filters.
   */
  readonly byIds?: Ec2ByIds<Raw>;
}

export interface Ec2ByIds<Raw> {
  readonly perCall: number;
  readonly describe: (
    ec2: EC2Client,
    ids: readonly string[],
    token: string | undefined,
  ) => Promise<{ items?: Raw[] | undefined; next?: string | undefined }>;
  /** The ids an error names as unknown; none when the error is about something else (it propagates). */
  readonly unknownIdsOf: (error: unknown) => readonly string[];
}

/** Asked again without the ids AWS named unknown, at most this many times a chunk (then the error propagates). */
const UNKNOWN_ID_RETRIES = 3;

/** One chunk by ids: the ids AWS names unknown (they are gone) are dropped and the rest asked once more. */
async function readByIds<Raw>(ec2: EC2Client, byIds: Ec2ByIds<Raw>, ids: readonly string[]): Promise<Raw[]> {
  let asked = [...ids];
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await collectPages((token) => byIds.describe(ec2, asked, token));
    } catch (error) {
      const gone = new Set(byIds.unknownIdsOf(error));
      if (gone.size === 0 || attempt >= UNKNOWN_ID_RETRIES) throw error;
      asked = asked.filter((id) => !gone.has(id));
      if (asked.length === 0) return [];
    }
  }
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

export function ec2FilteredType<Raw>(spec: Ec2TypeSpec<Raw>): PagedResourceType<Raw> {
  async function* readPages(clients: AwsClients, target: AwsTarget, filters: Filter[], pageSize: number | undefined) {
    const ec2 = clients.ec2(target);
    const base = spec.baseFilters?.(target) ?? [];
    const pages = pagesOf((token) =>
      spec.describe(ec2, {
        Filters: [...base, ...filters],
        ...(pageSize === undefined ? {} : { MaxResults: pageSize }),
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for await (const raws of pages) yield raws.map(spec.toRecord);
  }
  const read = (clients: AwsClients, target: AwsTarget, filters: Filter[], pageSize: number | undefined) =>
    collect(readPages(clients, target, filters, pageSize));
  const maxPage = spec.maxPage;
  // How many resources the last listing found, per account and region: what a listing would cost `fresh` now.
  const listedSizes = new Map<string, number>();
  const where = (target: AwsTarget) => `${target.account ?? ''}|${target.region}`;
  const listingCalls = (size: number) => (maxPage === undefined ? 1 : Math.max(1, Math.ceil(size / maxPage)));
  async function* pages(clients: AwsClients, target: AwsTarget, options?: ListOptions) {
    const pageSize = maxPage === undefined ? undefined : pageSizeOf(options, maxPage, spec.minPage);
    const isGone = goneTest(spec.isGone, options);
    let size = 0;
    for await (const records of readPages(clients, target, [], pageSize)) {
      size += records.length;
      yield isGone ? records.filter((record) => !isGone(record)) : records;
    }
    listedSizes.set(where(target), size);
  }
  return {
    name: spec.name,
    service: 'EC2',
    idField: spec.idField,
    ...(spec.nameField ? { nameField: spec.nameField } : {}),
    permissions: [spec.permission],
    global: false,
    recognisable: true,
    matches: (id) => spec.idPattern.test(id),
    pages,
    list: (clients, target, options) => collect(pages(clients, target, options)),
    async fresh(clients, target, ids, options) {
      const wanted = uniqueIds(ids);
      const isGone = goneTest(spec.isGone, options);
      const listed = listedSizes.get(where(target));
      const filterCalls = Math.ceil(wanted.length / EC2_FILTER_VALUES);
      const byIds = spec.byIds;
      const byIdsCalls = byIds ? Math.ceil(wanted.length / byIds.perCall) : Number.POSITIVE_INFINITY;
      // On a tie the listing wins over the by-id read: an unknown id never costs it a second call.
      const listingFits = listed !== undefined && listed <= wanted.length;
      if (listingFits && listingCalls(listed) < filterCalls && listingCalls(listed) <= byIdsCalls) {
        const everything = await read(clients, target, [], maxPage);
        listedSizes.set(where(target), everything.length);
        return byId(everything, isGone, new Set(wanted));
      }
      if (byIds && byIdsCalls < filterCalls) {
        const ec2 = clients.ec2(target);
        const raws: Raw[] = [];
        for (const some of chunk(wanted, byIds.perCall)) raws.push(...(await readByIds(ec2, byIds, some)));
        return byId(raws.map(spec.toRecord), isGone, new Set(wanted));
      }
      const pages = await mapLimit(chunk(wanted, EC2_FILTER_VALUES), FRESH_IN_FLIGHT, (values) =>
        read(clients, target, [{ Name: spec.idFilter, Values: values }], maxPage),
      );
      return byId(pages.flat(), isGone, new Set(wanted));
    },
    ...(spec.isGone ? { isGone: spec.isGone } : {}),
  };
}
