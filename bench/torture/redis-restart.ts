import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis } from '../../core/sandbox/peers.js';
import { peerOutage } from './peer-outage.js';
import type { ScenarioResult, TortureContext } from './scenario.js';

/**
 * Two real workers on armed Chaos jobs; their Redis (append-only file) is stopped after the first termination and
 * started again on the same port. The workers reconnect on their own: a job completes again within 10 s of Redis being
 * back, every job completes and no instance is terminated twice.
 */
export async function tortureRedisRestart(context: TortureContext): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), 'simian-torture-aof-'));
  let peer = await startRedis({ dir, appendonly: true });
  try {
    return await peerOutage(context, {
      scenario: 'Redis restart (AOF)',
      did: (groups) =>
        `2 real workers on ${groups} armed chaos jobs; Redis stopped after the first termination, restarted on its port`,
      what: 'restart',
      region: 'ap-northeast-2',
      redisUrl: peer.url,
      cause: async () => {
        const port = peer.port;
        await peer.stop();
        peer = await startRedis({ dir, appendonly: true, port });
      },
    });
  } finally {
    await peer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
