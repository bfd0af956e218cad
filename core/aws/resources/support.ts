import type { Tags } from '../../fleet/model.js';
import { awsErrorCode } from '../aws-error.js';
import type { ListOptions, ReadOptions, ResourceRecord } from './types.js';

/** EC2 accepts at most 200 values in one filter: the chunk size of every filter-based `fresh`. */
export const EC2_FILTER_VALUES = 200;

/** `{Key, Value}` lists (EC2, Auto Scaling, ELB, ACM, IAM) as a plain record. */
export function tagsOf(tags: readonly { Key?: string; Value?: string }[] | undefined): Tags {
  const result: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) result[tag.Key] = tag.Value ?? '';
  return result;
}

/** The page size to ask for: the caller's, capped at the API's largest (and raised to its smallest). */
export function pageSizeOf(options: ListOptions | undefined, max: number, min = 1): number {
  return Math.max(min, Math.min(max, options?.pageSize ?? max));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Ids once each, in first-seen order, without empty strings. */
export function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id) => id !== ''))];
}

/** One call of a paginated API: the token in, one page of items and the next token out. */
export type PageFetch<T> = (
  token: string | undefined,
) => Promise<{ items?: readonly T[] | undefined; next?: string | undefined }>;

/** Follows a token until the API says there is no more, page by page; one `fetch` is one API call. */
export async function* pagesOf<T>(fetch: PageFetch<T>): AsyncGenerator<readonly T[]> {
  let token: string | undefined;
  do {
    const page = await fetch(token);
    yield page.items ?? [];
    token = page.next || undefined;
  } while (token);
}

/** Every item of an iteration of pages, in order. */
export async function collect<T>(pages: AsyncIterable<readonly T[]>): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) items.push(...page);
  return items;
}

/** Follows a token until the API says there is no more; one `fetch` is one API call. */
export function collectPages<T>(fetch: PageFetch<T>): Promise<T[]> {
  return collect(pagesOf(fetch));
}

/** The `isGone` a read applies: none when the caller keeps the gone records (`includeGone`). */
export function goneTest<Raw>(
  isGone: ((record: ResourceRecord<Raw>) => boolean) | undefined,
  options: ReadOptions | undefined,
): ((record: ResourceRecord<Raw>) => boolean) | undefined {
  return options?.includeGone ? undefined : isGone;
}

/** Records by id, the live ones only, keeping only ids that were asked for (when `wanted` is given). */
export function byId<Raw>(
  records: readonly ResourceRecord<Raw>[],
  isGone?: (record: ResourceRecord<Raw>) => boolean,
  wanted?: ReadonlySet<string>,
): Map<string, ResourceRecord<Raw>> {
  const map = new Map<string, ResourceRecord<Raw>>();
  for (const record of records) {
    if (wanted && !wanted.has(record.id)) continue;
    if (isGone?.(record)) continue;
    map.set(record.id, record);
  }
  return map;
}

export function hasErrorCode(error: unknown, codes: readonly string[]): boolean {
  const code = awsErrorCode(error);
  return code !== undefined && codes.includes(code);
}

/**
 * For APIs that describe by ids and fail the whole call when one id is unknown (ELB, ELBv2, launch templates): each
 * chunk is asked by ids; a chunk that fails with one of `notFound` is answered from one full listing instead
 * (made at most once per `fresh`, shared by every failing chunk). Any other error propagates.
 */
export async function byIdsOrListing<T>(
  chunks: readonly (readonly string[])[],
  describe: (ids: readonly string[]) => Promise<T[]>,
  listAll: () => Promise<T[]>,
  idOf: (item: T) => string,
  notFound: readonly string[],
): Promise<T[]> {
  let listing: Promise<T[]> | undefined;
  const found: T[] = [];
  for (const ids of chunks) {
    try {
      found.push(...(await describe(ids)));
    } catch (error) {
      if (!hasErrorCode(error, notFound)) throw error;
      listing ??= listAll();
      const wanted = new Set(ids);
      found.push(...(await listing).filter((item) => wanted.has(idOf(item))));
    }
  }
  return found;
}

/**
 * For calls that fail whole when one id is gone and say nothing of which (ELB DescribeTags after a deletion race):
 * halves the batch until the unknown ids stand alone, and leaves those out. Costs one call when every id exists.
 */
export async function splitOnNotFound<T>(
  ids: readonly string[],
  call: (ids: readonly string[]) => Promise<T[]>,
  notFound: readonly string[],
): Promise<T[]> {
  try {
    return await call(ids);
  } catch (error) {
    if (!hasErrorCode(error, notFound)) throw error;
    if (ids.length <= 1) return [];
    const middle = Math.ceil(ids.length / 2);
    return [
      ...(await splitOnNotFound(ids.slice(0, middle), call, notFound)),
      ...(await splitOnNotFound(ids.slice(middle), call, notFound)),
    ];
  }
}

/** A call that reads tags apart from the describe (ELB and ELBv2 DescribeTags), and how many ids it takes. */
export interface TagsApart {
  readonly perCall: number;
  readonly notFound: readonly string[];
  readonly read: (ids: readonly string[]) => Promise<{ id: string | undefined; tags: Tags }[]>;
}

/**
 * Records of resources whose tags another call reads, `perCall` ids a call. An id deleted between the describe and
 * that call fails its batch, which is halved until that id stands alone and is left out: a resource whose tags could
 * not be read was deleted meanwhile, and is gone.
 */
export async function withTagsApart<Raw>(
  raws: readonly Raw[],
  idOf: (raw: Raw) => string,
  nameOf: (raw: Raw) => string | undefined,
  tagsApart: TagsApart,
): Promise<ResourceRecord<Raw>[]> {
  const tags = new Map<string, Tags>();
  for (const some of chunk(raws.map(idOf), tagsApart.perCall)) {
    for (const found of await splitOnNotFound(some, tagsApart.read, tagsApart.notFound)) {
      if (found.id) tags.set(found.id, found.tags);
    }
  }
  return raws.flatMap((raw): ResourceRecord<Raw>[] => {
    const id = idOf(raw);
    const found = tags.get(id);
    return found ? [{ id, name: nameOf(raw), tags: found, raw }] : [];
  });
}

/** Runs `work` over items with at most `limit` in flight, keeping the order of results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}
