import {
  type ACMClient,
  type CertificateSummary,
  KeyAlgorithm,
  ListCertificatesCommand,
  ListTagsForCertificateCommand,
} from '@aws-sdk/client-acm';
import type { Tags } from '../../fleet/model.js';
import { byId, collectPages, hasErrorCode, mapLimit, pageSizeOf, tagsOf, uniqueIds } from './support.js';
import type { ResourceRecord, ResourceType } from './types.js';

/** ListCertificates serves at most 1000 a page. */
const MAX_PAGE = 1000;
/** Tag reads in flight at once (ACM allows some 10 a second per account). */
const TAG_CONCURRENCY = 4;

function listAll(acm: ACMClient, pageSize: number) {
  return collectPages(async (token) => {
    const page = await acm.send(
      new ListCertificatesCommand({
        // Without keyTypes ListCertificates leaves out every certificate that is not RSA_1024 or RSA_2048.
        Includes: { keyTypes: Object.values(KeyAlgorithm) },
        MaxItems: pageSize,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    return { items: page.CertificateSummaryList, next: page.NextToken };
  });
}

/** A certificate's tags, or undefined when it was deleted meanwhile (it is gone). */
async function tagsOfCertificate(acm: ACMClient, arn: string): Promise<Tags | undefined> {
  try {
    return tagsOf((await acm.send(new ListTagsForCertificateCommand({ CertificateArn: arn }))).Tags);
  } catch (error) {
    if (hasErrorCode(error, ['ResourceNotFoundException'])) return undefined;
    throw error;
  }
}

async function withTags(acm: ACMClient, raws: readonly CertificateSummary[]) {
  const records = await mapLimit(raws, TAG_CONCURRENCY, async (raw) => {
    const id = raw.CertificateArn ?? '';
    const tags = await tagsOfCertificate(acm, id);
    return tags ? [{ id, name: raw.DomainName, tags, raw } as ResourceRecord<CertificateSummary>] : [];
  });
  return records.flat();
}

/**
 * ACM certificates of the region, keyed by ARN; `raw` is the ListCertificates summary (NotAfter, Status, InUse,
 * DomainName). AWS has no batched read of ACM tags, so tags cost one ListTagsForCertificate per certificate (at
 * most 4 in flight): `list` pays it for every certificate, `fresh` only for the live ids asked; finding the ids
 * costs one ListCertificates per 1000 certificates, never one call per id. Name: DomainName.
 */
export const acmCertificateType: ResourceType<CertificateSummary> = {
  name: 'acm-certificate',
  service: 'ACM',
  idField: 'CertificateArn',
  nameField: 'DomainName',
  permissions: ['acm:ListCertificates', 'acm:ListTagsForCertificate'],
  global: false,
  recognisable: true,
  matches: (id) => /^arn:aws[a-z-]*:acm:[^:]+:\d{12}:certificate\/[^/]+$/.test(id),
  async list(clients, target, options) {
    const acm = clients.acm(target);
    return withTags(acm, await listAll(acm, pageSizeOf(options, MAX_PAGE)));
  },
  async fresh(clients, target, ids) {
    const acm = clients.acm(target);
    const wanted = new Set(uniqueIds(ids));
    if (wanted.size === 0) return new Map();
    const live = (await listAll(acm, MAX_PAGE)).filter((raw) => wanted.has(raw.CertificateArn ?? ''));
    return byId(await withTags(acm, live));
  },
};
