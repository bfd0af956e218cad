import type { AwsClients, AwsTarget } from '../clients.js';
import { byId, byIdsOrListing, chunk, collectPages, goneTest, pageSizeOf, pagesOf, uniqueIds } from './support.js';
import type { ListOptions, PagedResourceType, ResourceRecord, ResourceTypeName } from './types.js';

/**
 * One call of a Describe that takes ids: the ids (none: every resource), the page size and the token in; one page of
 * items and the next token out.
 */
export type ByIdsDescribe<Client, Raw> = (
  client: Client,
  input: { ids: string[] | undefined; pageSize: number | undefined; token: string | undefined },
) => Promise<{ items?: Raw[] | undefined; next?: string | undefined }>;

export interface ByIdsTypeSpec<Client, Raw> {
  readonly name: ResourceTypeName;
  readonly service: string;
  readonly idField: string;
  readonly nameField?: string;
  readonly permissions: readonly string[];
  readonly recognisable: boolean;
  /** The shape of this type's ids (for a name-keyed type: of a valid name). */
  readonly idPattern: RegExp;
  readonly client: (clients: AwsClients, target: AwsTarget) => Client;
  readonly describe: ByIdsDescribe<Client, Raw>;
  /** The API's largest page (and its smallest). */
  readonly maxPage: number;
  readonly minPage?: number;
  /** How many ids one call takes: the chunk size of `fresh`. */
  readonly idsPerCall: number;
  /** The API takes no page size beside ids (DescribeNetworkAcls): `fresh` asks by ids without one. */
  readonly unpagedByIds?: boolean;
  /**
   * Error codes of a by-ids call that fails whole on one unknown id: such a chunk is answered from one full listing.
   * None for an API that leaves unknown ids out of its answer (Auto Scaling): then every error propagates.
   */
  readonly notFound?: readonly string[];
  readonly idOf: (raw: Raw) => string;
  /** The records of these raws: tags from the raw, or read apart (`withTagsApart`, ELB). */
  readonly toRecords: (client: Client, raws: readonly Raw[]) => ResourceRecord<Raw>[] | Promise<ResourceRecord<Raw>[]>;
  readonly isGone?: (record: ResourceRecord<Raw>) => boolean;
}

/**
 * A type read through a Describe that takes ids (ELB, ELBv2, Auto Scaling, launch templates, network ACLs). `list`
 * pages through every resource; `fresh` asks `idsPerCall` ids a call, and where one unknown id fails the call whole
 * (`notFound`) answers that chunk from one full listing, made at most once per `fresh`.
 */
export function byIdsType<Client, Raw>(spec: ByIdsTypeSpec<Client, Raw>): PagedResourceType<Raw> {
  const fetch =
    (client: Client, pageSize: number | undefined, ids?: readonly string[]) => (token: string | undefined) =>
      spec.describe(client, { ids: ids && [...ids], pageSize, token });
  const describe = (client: Client, pageSize: number | undefined, ids?: readonly string[]) =>
    collectPages(fetch(client, pageSize, ids));
  async function* pages(clients: AwsClients, target: AwsTarget, options?: ListOptions) {
    const client = spec.client(clients, target);
    const isGone = goneTest(spec.isGone, options);
    for await (const raws of pagesOf(fetch(client, pageSizeOf(options, spec.maxPage, spec.minPage)))) {
      yield [...byId(await spec.toRecords(client, raws), isGone).values()];
    }
  }
  return {
    name: spec.name,
    service: spec.service,
    idField: spec.idField,
    ...(spec.nameField ? { nameField: spec.nameField } : {}),
    permissions: spec.permissions,
    global: false,
    recognisable: spec.recognisable,
    matches: (id) => spec.idPattern.test(id),
    pages,
    // Not the pages collected: a type that reads tags apart (ELB) reads them for the whole listing at once.
    async list(clients, target, options) {
      const client = spec.client(clients, target);
      const raws = await describe(client, pageSizeOf(options, spec.maxPage, spec.minPage));
      return [...byId(await spec.toRecords(client, raws), goneTest(spec.isGone, options)).values()];
    },
    async fresh(clients, target, ids, options) {
      const client = spec.client(clients, target);
      const wanted = uniqueIds(ids);
      const raws = await byIdsOrListing(
        chunk(wanted, spec.idsPerCall),
        (some) => describe(client, spec.unpagedByIds ? undefined : spec.maxPage, some),
        () => describe(client, spec.maxPage),
        spec.idOf,
        spec.notFound ?? [],
      );
      return byId(await spec.toRecords(client, raws), goneTest(spec.isGone, options), new Set(wanted));
    },
    ...(spec.isGone ? { isGone: spec.isGone } : {}),
  };
}
