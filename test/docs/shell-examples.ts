import { readFileSync } from 'node:fs';

/** One command line of a fenced ```sh / ```bash block in the docs, with the exit code its text promises. */
export interface ShellExample {
  readonly file: string;
  /** 1-based line of the command in the file. */
  readonly line: number;
  /** The command as written (continuation lines joined, its comment left out). */
  readonly command: string;
  /** The exit code the text states: `exit N` in the line's comment, `$ echo $?` answered below it, else 0. */
  readonly exit: number;
}

/** A block marked `<!-- examples: not run (why) -->` on the line before its fence: the test never runs it. */
export interface SkippedBlock {
  readonly file: string;
  readonly line: number;
  readonly why: string;
}

const FENCE = /^```(sh|bash)\s*$/;
const NOT_RUN = /^<!--\s*examples:\s*not run\s*(.*?)\s*-->$/;

/** The comment of a shell line: the first ` #` outside quotes. */
function splitComment(text: string): { code: string; comment: string } {
  let quote: string | null = null;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#' && (index === 0 || /\s/.test(text[index - 1] ?? ''))) {
      return { code: text.slice(0, index).trimEnd(), comment: text.slice(index + 1).trim() };
    }
  }
  return { code: text.trimEnd(), comment: '' };
}

/** The exit code a comment states (`exit 3`, `exit 3: ...`), if it states one. */
function statedExit(comment: string): number | undefined {
  const match = /\bexit (\d+)\b/.exec(comment);
  return match ? Number(match[1]) : undefined;
}

/**
 * The shell examples of one Markdown file. A block of `$ `-prompted lines is a transcript: its prompted lines are the
 * commands, the rest is their output (a `$ echo $?` line answers the previous command's exit code). In any other
 * block every line is a command, a trailing `\` continues it, and `#` lines are comments.
 */
export function shellExamples(file: string): { examples: ShellExample[]; skipped: SkippedBlock[] } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const examples: ShellExample[] = [];
  const skipped: SkippedBlock[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    if (!FENCE.test(lines[index] ?? '')) continue;
    const start = index;
    const body: { text: string; line: number }[] = [];
    for (index += 1; index < lines.length && !(lines[index] ?? '').startsWith('```'); index += 1) {
      body.push({ text: lines[index] ?? '', line: index + 1 });
    }
    const marker = NOT_RUN.exec((lines[start - 1] ?? '').trim());
    if (marker) {
      skipped.push({ file, line: start + 1, why: marker[1] ?? '' });
      continue;
    }
    const transcript = body.some(({ text }) => text.startsWith('$ '));
    const found: ShellExample[] = [];
    for (let at = 0; at < body.length; at += 1) {
      const entry = body[at] as { text: string; line: number };
      let text = entry.text;
      if (transcript) {
        if (!text.startsWith('$ ')) continue;
        text = text.slice(2);
        if (text.trim() === 'echo $?') {
          const previous = found.pop();
          const answer = Number(body[at + 1]?.text.trim());
          if (previous) found.push({ ...previous, exit: answer });
          continue;
        }
      }
      if (text.trim() === '' || text.trim().startsWith('#')) continue;
      let { code, comment } = splitComment(text);
      while (code.endsWith('\\') && at + 1 < body.length) {
        at += 1;
        const next = splitComment((body[at] as { text: string }).text);
        code = `${code.slice(0, -1).trimEnd()} ${next.code.trim()}`;
        comment = [comment, next.comment].filter(Boolean).join(' ');
      }
      const echoed = /;\s*echo \$\?$/.exec(code);
      if (echoed) code = code.slice(0, echoed.index).trimEnd();
      found.push({ file, line: entry.line, command: code.trim(), exit: statedExit(comment) ?? 0 });
    }
    examples.push(...found);
  }
  return { examples, skipped };
}

/**
 * A command line as the words a shell would pass (single and double quotes, backslash escapes), and where its stdout
 * goes (`> file`). Shell syntax the test does not run (pipes, `$VAR`, `$(…)`, `<placeholder>`, `[optional]`) is an
 * error: such an example does not work as written.
 */
export function shellWords(command: string): { words: string[]; stdoutTo?: string } {
  const words: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (let index = 0; index < command.length; index += 1) {
    const char = command[index] as string;
    if (quote) {
      if (char === quote) quote = null;
      else if (quote === '"' && char === '$') throw new Error(`"${command}" expands a variable`);
      else word = (word ?? '') + char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== null) words.push(word);
      word = null;
    } else if ('|&;<$`[]()'.includes(char)) {
      throw new Error(
        `"${command}" is not runnable as written: "${char}" (a placeholder, an option in brackets or shell syntax)`,
      );
    } else if (char === '\\') {
      index += 1;
      word = (word ?? '') + (command[index] ?? '');
    } else word = (word ?? '') + char;
  }
  if (quote) throw new Error(`"${command}" has an unclosed quote`);
  if (word !== null) words.push(word);
  const redirect = words.indexOf('>');
  if (redirect === -1) return { words };
  if (redirect !== words.length - 2) throw new Error(`"${command}": only one trailing "> file" is run`);
  return { words: words.slice(0, redirect), stdoutTo: words[redirect + 1] as string };
}
