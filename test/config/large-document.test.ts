import { describe, expect, it } from 'vitest';
import { sourceOf } from '../../core/config/load.js';
import { parseYamlWithPositions } from '../../core/config/yaml-positions.js';
import { loadTree, problemsOf } from './tree.js';

/**
 * Documents with many keys are checked in linear time (locating each problem used to scan its mapping, and the yaml
 * library's duplicate-key check compared every key with every earlier one: 40,000 keys took about a minute). These
 * tests assert what is found at that size, not how fast.
 */
const N = 20_000;
const lines = (count: number, line: (index: number) => string) =>
  Array.from({ length: count }, (_, index) => `${line(index)}\n`).join('');

describe(`a document with ${N.toLocaleString('en')} keys`, () => {
  it('reports every unknown key at its own line', () => {
    const problems = problemsOf({ 'simian.yaml': lines(N, (index) => `key${index}: ${index}`) });
    expect(problems).toHaveLength(N);
    for (const index of [0, 1, N / 2, N - 1]) {
      expect(problems[index]).toMatchObject({
        file: 'simian.yaml',
        line: index + 1,
        col: 1,
        message: `key${index}: unknown key "key${index}"`,
      });
    }
  });

  it('loads a valid one and knows the line of every value', () => {
    const text = `fleet:\n  pacing:\n${lines(N, (index) => `    "ec2:Action${index}": { capacity: 1, refillPerSecond: 2 }`)}`;
    const config = loadTree({ 'simian.yaml': text });
    expect(Object.keys(config.global.fleet.pacing)).toHaveLength(N);
    expect(sourceOf(config, `fleet.pacing.ec2:Action${N - 1}.refillPerSecond`)).toMatchObject({
      source: 'file',
      value: 2,
      line: N + 2,
    });
  });

  it('finds a key written twice, at the end of the mapping', () => {
    const yaml = parseYamlWithPositions(`${lines(N, (index) => `key${index}: 1`)}key7: 2\n`, 'simian.yaml');
    expect(yaml.problems).toEqual([
      {
        file: 'simian.yaml',
        line: N + 1,
        col: 1,
        path: '',
        message: 'YAML syntax error: Map keys must be unique ("key7" is already at line 8)',
      },
    ]);
  });
});
