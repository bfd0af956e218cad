import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirmTyped } from '../../core/cli/confirm.js';

/** A terminal stand-in: a readable the test types into, flagged as a TTY. */
function terminal(answer: string) {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = new PassThrough();
  let prompt = '';
  output.on('data', (chunk) => {
    prompt += String(chunk);
    if (prompt.includes(': ')) input.write(`${answer}\n`);
  });
  return { input, output, prompt: () => prompt };
}

describe('typed confirmation of an armed run', () => {
  it('goes ahead only when the zone is typed back exactly', async () => {
    const right = terminal('us-east-1a');
    expect(await confirmTyped({ what: 'zone', expected: 'us-east-1a', input: right.input, output: right.output })).toBe(
      true,
    );
    expect(right.prompt()).toContain('Type the zone (us-east-1a) to act for real');

    const wrong = terminal('us-east-1b');
    expect(await confirmTyped({ what: 'zone', expected: 'us-east-1a', input: wrong.input, output: wrong.output })).toBe(
      false,
    );
  });

  it('refuses as bad input when there is no terminal to ask in', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: false });
    await expect(
      confirmTyped({ what: 'region', expected: 'us-east-1', input, output: new PassThrough() }),
    ).rejects.toThrow(/no terminal to ask in: pass --yes to confirm region us-east-1/);
  });
});

describe('Ctrl-C at the typed confirmation', () => {
  it('ends the command with exit 130 and says nothing was done', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const output = Object.assign(new PassThrough(), { isTTY: true });
    output.once('data', () => input.write('\x03'));
    const asked = confirmTyped({ what: 'zone', expected: 'us-east-1a', input, output });
    await expect(asked).rejects.toMatchObject({
      exitCode: 130,
      message: 'interrupted at the confirmation of zone us-east-1a: nothing was done',
    });
  });
});
