import { createHash } from 'node:crypto';

/** What a cut text ends with, so a reader knows there was more. */
export const CUT_MARKER = '…';

const asIs = (point: string) => point;

/** The longest start of `text` whose code points, each rendered, fit in `max` UTF-16 units. */
function startWithin(text: string, max: number, render: (point: string) => string): string {
  let out = '';
  for (const point of text) {
    const piece = render(point);
    if (out.length + piece.length > max) break;
    out += piece;
  }
  return out;
}

/**
 * The text within `max` characters, each code point written as `render` makes it (an escape may grow it), cut
 * between code points (never inside an emoji's surrogate pair nor inside an escape) and ending with the marker when
 * cut. Characters are counted as UTF-16 units, the stricter of the counts receivers use.
 */
export function clip(text: string, max: number, render: (point: string) => string = asIs): string {
  const whole = startWithin(text, Number.POSITIVE_INFINITY, render);
  if (whole.length <= max) return whole;
  return `${startWithin(text, max - CUT_MARKER.length, render)}${CUT_MARKER}`;
}

/**
 * A key within `max` characters, the same for the same key every time: a longer one becomes its readable start and
 * `~<sha256 hex>` of the whole (so two long keys sharing a start stay apart, and a trigger and its resolve agree).
 */
export function stableKey(key: string, max: number): string {
  if (key.length <= max) return key;
  const hash = createHash('sha256').update(key).digest('hex');
  return `${startWithin(key, max - hash.length - 1, asIs)}~${hash}`;
}
