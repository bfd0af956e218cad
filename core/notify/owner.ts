import type { GlobalConfig } from '../config/schema.js';

/** The owner a resource's tags name: the first of the owner tag keys (tags.owner, then tags.ownerKeys) set, or null. */
export function ownerTagOf(
  tags: Readonly<Record<string, string | undefined>>,
  tagKeys: Pick<GlobalConfig['tags'], 'owner' | 'ownerKeys'>,
): string | null {
  for (const key of [tagKeys.owner, ...tagKeys.ownerKeys]) {
    const value = tags[key]?.trim();
    if (value) return value;
  }
  return null;
}

/**
 * A resource's owner: the first of the owner tag keys (tags.owner, then tags.ownerKeys) that is present and not
 * empty; else the fallback of its account, else the default fallback; else null.
 */
export function ownerOf(
  tags: Readonly<Record<string, string | undefined>>,
  config: Pick<GlobalConfig, 'tags' | 'notifications'>,
  account?: string | null,
): string | null {
  const tagged = ownerTagOf(tags, config.tags);
  if (tagged) return tagged;
  const fallback = config.notifications.ownerFallback;
  return (account ? fallback.accounts[account] : undefined) ?? fallback.default ?? null;
}
