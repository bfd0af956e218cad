/** Live streams are few: each holds a Redis connection of its own. */
export const MAX_STREAMS = 64;
/** Slots only token holders can take: anonymous readers cannot lock the operators out of the live view. */
export const RESERVED_FOR_TOKEN = 16;
/** Streams one client address may hold without the token (a few tabs). */
export const MAX_ANONYMOUS_STREAMS_PER_CLIENT = 4;

export type SlotRefusal = { readonly status: 429 | 503; readonly error: string };

/**
 * Who holds the server's live-stream slots: at most MAX_STREAMS in all, of which anonymous readers (no token) may
 * hold all but RESERVED_FOR_TOKEN, and one client address at most MAX_ANONYMOUS_STREAMS_PER_CLIENT. A slot is
 * taken at once (before any await), so concurrent requests cannot slip past a cap.
 */
export class StreamSlots {
  private total = 0;
  private readonly anonymous = new Map<string, number>();
  private anonymousTotal = 0;

  /** Takes a slot for `client` (undefined: a token holder), or says why not. */
  take(client: string | undefined): SlotRefusal | undefined {
    if (this.total >= MAX_STREAMS) return { status: 503, error: `too many live streams (${MAX_STREAMS})` };
    if (client !== undefined) {
      if ((this.anonymous.get(client) ?? 0) >= MAX_ANONYMOUS_STREAMS_PER_CLIENT) {
        return {
          status: 429,
          error: `too many live streams from this client without a token (${MAX_ANONYMOUS_STREAMS_PER_CLIENT}); close one or send the bearer token`,
        };
      }
      if (this.anonymousTotal >= MAX_STREAMS - RESERVED_FOR_TOKEN) {
        return { status: 503, error: 'too many live streams without a token; send the bearer token' };
      }
      this.anonymous.set(client, (this.anonymous.get(client) ?? 0) + 1);
      this.anonymousTotal++;
    }
    this.total++;
    return undefined;
  }

  release(client: string | undefined): void {
    this.total--;
    if (client === undefined) return;
    this.anonymousTotal--;
    const left = (this.anonymous.get(client) ?? 1) - 1;
    if (left > 0) this.anonymous.set(client, left);
    else this.anonymous.delete(client);
  }
}
