import { describe, expect, it } from 'vitest';
import { loadTree, problemsOf } from './tree.js';

const at = (files: Record<string, string>) =>
  problemsOf(files).map((problem) => `${problem.file}:${problem.line}:${problem.col} ${problem.message}`);

describe('redis topology in simian.yaml', () => {
  it('takes cluster seed nodes with a hash-tagged prefix, and sentinels with the primary name', () => {
    const cluster = loadTree({
      'simian.yaml': 'redis:\n  cluster: [10.0.0.1:7000, 10.0.0.2:7000]\n  prefix: "{simian}"\n',
    });
    expect(cluster.global.redis).toMatchObject({ cluster: ['10.0.0.1:7000', '10.0.0.2:7000'], prefix: '{simian}' });
    const sentinel = loadTree({ 'simian.yaml': 'redis:\n  sentinels: [10.0.0.1:26379]\n' });
    expect(sentinel.global.redis).toMatchObject({ sentinels: ['10.0.0.1:26379'], sentinelName: 'mymaster' });
  });

  it('refuses cluster and sentinels together, at the sentinels key', () => {
    expect(at({ 'simian.yaml': 'redis:\n  cluster: [a:7000]\n  sentinels: [b:26379]\n  prefix: "{s}"\n' })).toEqual([
      'simian.yaml:3:14 redis.sentinels: redis.cluster and redis.sentinels are two topologies: give one of them',
    ]);
  });

  it('refuses a cluster prefix without a hash tag, written or defaulted', () => {
    expect(at({ 'simian.yaml': 'redis:\n  cluster: [a:7000]\n  prefix: simian\n' })).toEqual([
      'simian.yaml:3:11 redis.prefix: on a Redis Cluster the prefix needs a hash tag so every key lands in one slot: write "{simian}" instead of "simian"',
    ]);
    expect(at({ 'simian.yaml': 'redis:\n  cluster: [a:7000]\n' })[0]).toMatch(
      /^simian\.yaml:2:3 redis\.prefix: .*"\{simian\}"/,
    );
  });

  it('refuses a node that is not host:port', () => {
    expect(at({ 'simian.yaml': 'redis:\n  sentinels: ["redis://b:26379"]\n' })).toEqual([
      'simian.yaml:2:15 redis.sentinels.0: "redis://b:26379" is not host:port',
    ]);
  });
});
