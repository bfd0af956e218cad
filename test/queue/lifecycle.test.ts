import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../../core/lifecycle/shutdown.js';
import { createLogger } from '../../core/log.js';

const logger = createLogger({ pretty: false, level: 'silent' });

describe('Lifecycle', () => {
  it('releases in reverse order, runs every releaser after a failure, and keeps the first error', async () => {
    const lifecycle = new Lifecycle({ logger, forceAfterMs: 1000 });
    const released: string[] = [];
    lifecycle.add('redis', async () => void released.push('redis'));
    lifecycle.add('queue', async () => {
      released.push('queue');
      throw new Error('queue close failed');
    });
    lifecycle.add('worker', async () => {
      released.push('worker');
      throw new Error('worker close failed');
    });
    lifecycle.add('http', async () => void released.push('http'));

    const [first, second] = await Promise.all([lifecycle.shutdown('test'), lifecycle.shutdown('again')]);
    expect(released).toEqual(['http', 'worker', 'queue', 'redis']);
    expect(first?.message).toBe('worker close failed');
    expect(second).toBe(first);
    await expect(lifecycle.done).resolves.toBeUndefined();
  });
});
