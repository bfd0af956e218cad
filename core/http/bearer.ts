import { timingSafeEqual } from 'node:crypto';

/**
 * Whether an `Authorization` header carries the configured bearer token, compared in constant time. No token
 * configured: every state-changing route is shut (nothing may change without one).
 */
export function bearerMatches(header: string | undefined, token: string | undefined): boolean {
  if (!token || !header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
