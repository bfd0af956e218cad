import { clip } from '../clip.js';

/**
 * Slack's control characters as entities: with `&`, `<` and `>` escaped no `<!channel>`, `<!here>`, `<@U…>` or
 * `<http://x|y>` can form from text that came from AWS (a tag, a name, a reason).
 */
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const escapePoint = (point: string) => ENTITIES[point] ?? point;

/** `@channel`, `@here`, `@everyone` with a zero-width space after the @: shown the same, never a mention. */
function neutraliseMentions(text: string): string {
  return text.replace(/@(channel|here|everyone)/gi, '@\u200b$1');
}

/** Any text as Slack shows it safely: mentions neutralised, &, <, > escaped, cut within `max` (after escaping). */
export function slackText(text: string, max: number): string {
  return clip(neutraliseMentions(text), max, escapePoint);
}
