import { type Peer, PeerMissingError, startMoto, startRedis } from '../../core/sandbox/peers.js';
import { PEER_FORKS, type RunPeers } from './run-peers.js';

/** What the setup needs of vitest's project: a way to hand each fork its peers. */
export interface PeersHost {
  provide(key: 'peers', value: RunPeers[]): void;
}

/**
 * Starts a real moto server and a real redis-server for each fork of the peers project, always its own: an
 * AWS_ENDPOINT_URL or REDIS_URL in the shell (a sandbox the user keeps) is never used, so never reset.
 */
export default async function setup(project: PeersHost): Promise<() => Promise<void>> {
  const started: Peer[] = [];
  const startOne = async <P extends Peer>(start: () => Promise<P>): Promise<P> => {
    const peer = await start();
    started.push(peer);
    return peer;
  };
  const stopAll = async () => {
    await Promise.all(started.map((peer) => peer.stop()));
  };
  try {
    const forks = await Promise.all(
      Array.from({ length: PEER_FORKS }, async (): Promise<RunPeers> => {
        const [moto, redis] = await Promise.all([startOne(startMoto), startOne(startRedis)]);
        return { awsEndpointUrl: moto.url, redisUrl: redis.url };
      }),
    );
    project.provide('peers', forks);
  } catch (error) {
    await stopAll();
    if (error instanceof PeerMissingError) throw new Error(`${error.message} (or run: bash scripts/ensure-peers.sh)`);
    throw error;
  }
  return stopAll;
}
