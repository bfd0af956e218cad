import type { GlobalConfig } from '../config/schema.js';

/**
 * A resource's owner: the first of the owner tag keys (tags.owner, then tags.ownerKeys) that is present and not
 * empty; else the fallback of its account, else the default fallback; else null.
 */
export function ownerOf(
  tags: Readonly<Record<string, string | undefined>>,
  config: Pick<GlobalConfig, 'tags' | 'notifications'>,
  account?: string | null,
): string | null {
  for (const key of [config.tags.owner, ...config.tags.ownerKeys]) {
    const value = tags[key]?.trim();
    if (value) return value;
  }
  const fallback = config.notifications.ownerFallback;
  return (account ? fallback.accounts[account] : undefined) ?? fallback.default ?? null;
}
