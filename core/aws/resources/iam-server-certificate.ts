import {
  GetServerCertificateCommand,
  type IAMClient,
  ListServerCertificatesCommand,
  ListServerCertificateTagsCommand,
  type ServerCertificateMetadata,
} from '@aws-sdk/client-iam';
import type { Tags } from '../../fleet/model.js';
import { type AwsClients, type AwsTarget, GLOBAL_REGION } from '../clients.js';
import { byId, collectPages, hasErrorCode, mapLimit, pageSizeOf, tagsOf, uniqueIds } from './support.js';
import type { ResourceRecord, ResourceType } from './types.js';

/** ListServerCertificates and ListServerCertificateTags serve at most 1000 items a page. */
const MAX_PAGE = 1000;
const TAG_CONCURRENCY = 4;

function iamOf(clients: AwsClients, target: AwsTarget): IAMClient {
  return clients.iam({ ...target, region: GLOBAL_REGION });
}

function listAll(iam: IAMClient, pageSize: number) {
  return collectPages(async (marker) => {
    const page = await iam.send(
      new ListServerCertificatesCommand({ MaxItems: pageSize, ...(marker ? { Marker: marker } : {}) }),
    );
    return { items: page.ServerCertificateMetadataList, next: page.IsTruncated ? page.Marker : undefined };
  });
}

/** A certificate's tags (every page), or undefined when it was deleted meanwhile (it is gone). */
async function tagsOfCertificate(iam: IAMClient, name: string): Promise<Tags | undefined> {
  try {
    const tags = await collectPages(async (marker) => {
      const page = await iam.send(
        new ListServerCertificateTagsCommand({
          ServerCertificateName: name,
          MaxItems: MAX_PAGE,
          ...(marker ? { Marker: marker } : {}),
        }),
      );
      return { items: page.Tags, next: page.IsTruncated ? page.Marker : undefined };
    });
    return tagsOf(tags);
  } catch (error) {
    if (hasErrorCode(error, ['NoSuchEntity', 'NoSuchEntityException'])) return undefined;
    throw error;
  }
}

async function withTags(iam: IAMClient, raws: readonly ServerCertificateMetadata[]) {
  const records = await mapLimit(raws, TAG_CONCURRENCY, async (raw) => {
    const tags = await tagsOfCertificate(iam, raw.ServerCertificateName ?? '');
    return tags ? [{ id: raw.Arn ?? '', name: raw.ServerCertificateName, tags, raw }] : [];
  });
  return records.flat() as ResourceRecord<ServerCertificateMetadata>[];
}

/**
 * IAM server certificates (global), keyed by ARN; `raw` is the ListServerCertificates metadata (Expiration, Path,
 * ServerCertificateName: the name every IAM call takes). IAM has no batched tag read, so tags cost one
 * ListServerCertificateTags per certificate (at most 4 in flight): `list` pays it for every certificate, `fresh`
 * only for the live ids asked; finding the ids costs one ListServerCertificates per 1000 certificates.
 */
export const iamServerCertificateType: ResourceType<ServerCertificateMetadata> = {
  name: 'iam-server-certificate',
  service: 'IAM',
  idField: 'Arn',
  nameField: 'ServerCertificateName',
  // GetServerCertificate: the bodies (`serverCertificateBodies`), not list or fresh.
  permissions: ['iam:ListServerCertificates', 'iam:ListServerCertificateTags', 'iam:GetServerCertificate'],
  global: true,
  recognisable: true,
  matches: (id) => /^arn:aws[a-z-]*:iam::\d{12}:server-certificate\/.+$/.test(id),
  async list(clients, target, options) {
    const iam = iamOf(clients, target);
    return withTags(iam, await listAll(iam, pageSizeOf(options, MAX_PAGE)));
  },
  async fresh(clients, target, ids) {
    const iam = iamOf(clients, target);
    const wanted = new Set(uniqueIds(ids));
    if (wanted.size === 0) return new Map();
    const live = (await listAll(iam, MAX_PAGE)).filter((raw) => wanted.has(raw.Arn ?? ''));
    return byId(await withTags(iam, live));
  },
};

/**
 * Every IAM server certificate's PEM body by ARN: one ListServerCertificates per 1000, then one GetServerCertificate
 * each (IAM has no batched read of bodies; 4 in flight). The metadata's Expiration is not to be trusted everywhere
 * (moto answers 2012-05-08 for all): the body tells the truth.
 */
export async function serverCertificateBodies(clients: AwsClients, target: AwsTarget): Promise<Map<string, string>> {
  const iam = iamOf(clients, target);
  const bodies = await mapLimit(await listAll(iam, MAX_PAGE), TAG_CONCURRENCY, async (meta) => {
    if (!meta.Arn || !meta.ServerCertificateName) return [];
    const answer = await iam.send(
      new GetServerCertificateCommand({ ServerCertificateName: meta.ServerCertificateName }),
    );
    const pem = answer.ServerCertificate?.CertificateBody;
    return pem ? [[meta.Arn, pem] as const] : [];
  });
  return new Map(bodies.flat());
}
