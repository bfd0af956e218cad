import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';

/** What Security reads of one certificate body (X.509, PEM). */
export interface CertificateBody {
  readonly notAfter: string;
  /** RSA modulus length; absent for other key types. */
  readonly rsaBits?: number;
  /** e.g. sha256WithRSAEncryption; absent when the body could not be read by node-forge. */
  readonly signatureAlgorithm?: string;
}

/** What Security's prepare step reads beyond the snapshot. */
export interface SecurityObserved {
  /**
   * IAM server certificates by ARN, from their bodies: ListServerCertificates' Expiration is not to be trusted
   * everywhere (moto answers 2012-05-08 for all).
   */
  readonly iamCertificates: Readonly<Record<string, CertificateBody>>;
  /**
   * What the account holds in its other configured regions, so a record pointing there is not called dangling:
   * every address of an interface or Elastic IP, and every load balancer's DNS name (lower case).
   */
  readonly elsewhere: HeldElsewhere;
}

export interface HeldElsewhere {
  /** The regions read. */
  readonly regions: readonly string[];
  readonly addresses: readonly string[];
  readonly balancers: readonly string[];
}

/** The types read in each other region for `elsewhere`: interfaces and Elastic IPs hold addresses, balancers names. */
export const ELSEWHERE_READS = ['network-interface', 'elastic-ip', 'load-balancer', 'classic-load-balancer'] as const;

/** Every address and load balancer name the account holds in `regions` (one listing per type and region). */
export async function readHeldElsewhere(
  clients: AwsClients,
  target: AwsTarget,
  regions: readonly string[],
): Promise<HeldElsewhere> {
  const { getResourceType } = await import('../../core/aws/resources/index.js');
  const { addressesOf } = await import('../../core/aws/resources/network-interface.js');
  const addresses: string[] = [];
  const balancers: string[] = [];
  for (const region of regions) {
    const where = { ...target, region };
    const [interfaces, eips, elbv2, classic] = await Promise.all([
      getResourceType('network-interface').list(clients, where),
      getResourceType('elastic-ip').list(clients, where),
      getResourceType('load-balancer').list(clients, where),
      getResourceType('classic-load-balancer').list(clients, where),
    ]);
    for (const eni of interfaces) addresses.push(...addressesOf(eni.raw));
    for (const eip of eips) addresses.push(...[eip.raw.PublicIp, eip.raw.PrivateIpAddress].flatMap((ip) => ip ?? []));
    for (const lb of [...elbv2, ...classic]) if (lb.raw.DNSName) balancers.push(lb.raw.DNSName.toLowerCase());
  }
  return { regions, addresses, balancers };
}

/** Reads a PEM body: node-forge for RSA (key size, signature); Node's X509Certificate for the date of any other. */
export async function readCertificateBody(pem: string): Promise<CertificateBody> {
  const forge = (await import('node-forge')).default;
  try {
    const certificate = forge.pki.certificateFromPem(pem);
    const key = certificate.publicKey as { n?: { bitLength(): number } };
    return {
      notAfter: certificate.validity.notAfter.toISOString(),
      ...(key.n ? { rsaBits: key.n.bitLength() } : {}),
      signatureAlgorithm: forge.pki.oids[certificate.siginfo.algorithmOid] ?? certificate.siginfo.algorithmOid,
    };
  } catch {
    // node-forge reads RSA keys only; an EC certificate still has a date.
    const { X509Certificate } = await import('node:crypto');
    return { notAfter: new Date(new X509Certificate(pem).validTo).toISOString() };
  }
}

/** Every IAM server certificate's body, read (the registry's `serverCertificateBodies`). */
export async function readIamCertificates(
  clients: AwsClients,
  target: AwsTarget,
): Promise<SecurityObserved['iamCertificates']> {
  const { serverCertificateBodies } = await import('../../core/aws/resources/iam-server-certificate.js');
  const bodies = await serverCertificateBodies(clients, target);
  const read = await Promise.all([...bodies].map(async ([arn, pem]) => [arn, await readCertificateBody(pem)] as const));
  return Object.fromEntries(read);
}
