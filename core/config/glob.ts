/**
 * Shell-style globs for selectors: `*` any run of characters, `?` one character, `[abc]` / `[a-z]` one of a set
 * (`[!a-z]` or `[^a-z]` one outside it; a `]` first in the set is literal, so `[[]` is a literal `[`). Everything
 * else matches itself, case-sensitively. A malformed glob is refused where it is written, never matched as text.
 */

/** Why a glob cannot be read ("[ opens a character class that never closes"). */
export class GlobSyntaxError extends Error {}

// Characters with a meaning in a unicode RegExp; inside a class "-" too.
const REGEXP_SYNTAX = /[.*+?^${}()|[\]\\/]/g;

function literal(char: string, inClass = false): string {
  return inClass && char === '-' ? '\\-' : char.replace(REGEXP_SYNTAX, '\\$&');
}

/** The character class that starts at chars[start] ("["): its RegExp source and the index of its "]". */
function characterClass(chars: readonly string[], start: number): { source: string; end: number } {
  let index = start + 1;
  let negated = false;
  if (chars[index] === '!' || chars[index] === '^') {
    negated = true;
    index += 1;
  }
  const first = index;
  let body = '';
  for (; index < chars.length; index += 1) {
    const char = chars[index] as string;
    if (char === ']' && index > first) return { source: `[${negated ? '^' : ''}${body}]`, end: index };
    const to = chars[index + 2];
    if (chars[index + 1] === '-' && to !== undefined && to !== ']') {
      if ((char.codePointAt(0) as number) > (to.codePointAt(0) as number)) {
        throw new GlobSyntaxError(`the range ${char}-${to} is backwards (write ${to}-${char})`);
      }
      body += `${literal(char, true)}-${literal(to, true)}`;
      index += 2;
    } else {
      body += literal(char, true);
    }
  }
  throw new GlobSyntaxError('[ opens a character class that never closes (write [[] for a literal [)');
}

/** The glob as an anchored RegExp; throws GlobSyntaxError when it is malformed. */
export function compileGlob(glob: string): RegExp {
  const chars = [...glob];
  let body = '';
  for (let index = 0; index < chars.length; index += 1) {
    const char = chars[index] as string;
    if (char === '*') body += '.*';
    else if (char === '?') body += '.';
    else if (char === '[') {
      const found = characterClass(chars, index);
      body += found.source;
      index = found.end;
    } else body += literal(char);
  }
  return new RegExp(`^${body}$`, 'u');
}

/** Why `glob` cannot be read, or undefined when it is a glob. */
export function globProblem(glob: string): string | undefined {
  try {
    compileGlob(glob);
    return undefined;
  } catch (error) {
    if (error instanceof GlobSyntaxError) return error.message;
    throw error;
  }
}
