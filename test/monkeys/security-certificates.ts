import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

const DAY_MS = 86_400_000;

/** An RSA key pair as PEM (made by Node: node-forge's pure-JS key generation takes seconds). */
export function rsaKey(bits: number): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export interface CertificateSpec {
  readonly domain: string;
  /** Days from now to notAfter (negative: expired). */
  readonly expiresInDays: number;
  readonly key: { privateKeyPem: string; publicKeyPem: string };
  readonly digest?: 'sha256' | 'sha1' | 'md5';
}

/** A self-signed certificate made with node-forge, valid from 30 days ago (or from its expiry, if earlier). */
export function selfSigned(spec: CertificateSpec): string {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(spec.key.publicKeyPem);
  certificate.serialNumber = `0${Math.floor(Math.random() * 1e12).toString(16)}`;
  const notAfter = new Date(Date.now() + spec.expiresInDays * DAY_MS);
  certificate.validity.notBefore = new Date(Math.min(Date.now() - 30 * DAY_MS, notAfter.getTime() - DAY_MS));
  certificate.validity.notAfter = notAfter;
  const subject = [{ name: 'commonName', value: spec.domain }];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  const digest = forge.md[spec.digest ?? 'sha256'].create();
  certificate.sign(forge.pki.privateKeyFromPem(spec.key.privateKeyPem), digest);
  return forge.pki.certificateToPem(certificate);
}
