/** The SDK error name (the AWS error code, e.g. "InvalidInstanceID.NotFound"), or undefined for non-AWS errors. */
export function awsErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, Code } = error as { name?: unknown; Code?: unknown };
  if (typeof Code === 'string') return Code;
  return typeof name === 'string' ? name : undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * AWS rejects a whole batch when one id in it is unknown or malformed (InvalidInstanceID.NotFound,
 * InvalidInstanceID.Malformed, InvalidVolume.NotFound ...): the other ids are fine and deserve another try.
 */
export function isBadIdError(error: unknown): boolean {
  return /^Invalid[A-Za-z]*(ID)?\.(NotFound|Malformed)$/i.test(awsErrorCode(error) ?? '');
}

/** The ids among `ids` that an error message names ("The instance IDs 'i-1, i-2' do not exist"). */
export function idsNamedIn(message: string, ids: readonly string[]): Set<string> {
  const named = new Set<string>();
  for (const id of ids) {
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(^|[^A-Za-z0-9-])${escaped}($|[^A-Za-z0-9-])`).test(message)) named.add(id);
  }
  return named;
}
