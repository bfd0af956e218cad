import { describe, expect, it } from 'vitest';
import { compileGlob, globProblem } from '../../core/config/glob.js';
import { matchesGlob } from '../../core/fleet/selectors.js';

describe('selector globs', () => {
  it.each([
    ['web-*', 'web-prod', true],
    ['web-*', 'api-prod', false],
    ['web-?', 'web-a', true],
    ['web-?', 'web-ab', false],
    ['web-[ab]', 'web-a', true],
    ['web-[ab]', 'web-c', false],
    ['web-[a-c]*', 'web-blue', true],
    ['web-[!a-c]*', 'web-blue', false],
    ['web-[^a-c]*', 'web-dark', true],
    ['v[0-9][0-9]', 'v42', true],
    ['[]x]', ']', true],
    ['[[]prod]', '[prod]', true],
    ['a-[x-]', 'a--', true],
    ['pay.+(x)', 'pay.+(x)', true],
    ['pay.+(x)', 'payy(x)', false],
    ['Web-*', 'web-prod', false],
  ])('%s matches %s: %s', (glob, text, matches) => {
    expect(matchesGlob(text, glob)).toBe(matches);
  });

  it.each([
    ['web-[', '[ opens a character class that never closes (write [[] for a literal [)'],
    ['web-[ab', '[ opens a character class that never closes (write [[] for a literal [)'],
    ['web-[]', '[ opens a character class that never closes (write [[] for a literal [)'],
    ['pay[z-a]', 'the range z-a is backwards (write a-z)'],
  ])('refuses %s: %s', (glob, problem) => {
    expect(globProblem(glob)).toBe(problem);
    expect(() => compileGlob(glob)).toThrow(problem);
  });

  it('reads a plain name as itself', () => {
    expect(globProblem('web-prod')).toBeUndefined();
    expect(compileGlob('web-prod').test('web-prod')).toBe(true);
  });
});
