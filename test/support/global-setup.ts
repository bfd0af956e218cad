import type { TestProject } from 'vitest/node';
import { type Peer, PeerMissingError, startMoto, startRedis } from '../../core/sandbox/peers.js';

/** Starts a real redis-server and a real moto server for the whole run, unless REDIS_URL / AWS_ENDPOINT_URL are set. */
export default async function setup(_project: TestProject) {
  const started: Peer[] = [];
  try {
    if (!process.env.REDIS_URL) {
      const redis = await startRedis();
      started.push(redis);
      process.env.REDIS_URL = redis.url;
    }
    if (!process.env.AWS_ENDPOINT_URL) {
      const moto = await startMoto();
      started.push(moto);
      process.env.AWS_ENDPOINT_URL = moto.url;
    }
  } catch (error) {
    await Promise.all(started.map((peer) => peer.stop()));
    if (error instanceof PeerMissingError) throw new Error(`${error.message} (or run: bash scripts/ensure-peers.sh)`);
    throw error;
  }
  process.env.AWS_ACCESS_KEY_ID ??= 'testing';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  return async () => {
    await Promise.all(started.map((peer) => peer.stop()));
  };
}
