import { beforeAll, inject } from 'vitest';
import { resetMoto } from '../../core/sandbox/peers.js';
import type { RunPeers } from './run-peers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    peers: RunPeers[];
  }
}

/** The peers of the fork this file runs in (vitest numbers the forks of a pool 1..PEER_FORKS). */
function forkPeers(): RunPeers {
  const forks = inject('peers');
  const own = forks[Number(process.env.VITEST_POOL_ID) - 1];
  if (!own) {
    throw new Error(`fork ${process.env.VITEST_POOL_ID} has no peers: the global setup started ${forks.length}`);
  }
  return own;
}

// Before the test file loads: its AWS and Redis are its fork's own, whatever the shell exported.
const peers = forkPeers();
process.env.AWS_ENDPOINT_URL = peers.awsEndpointUrl;
process.env.REDIS_URL = peers.redisUrl;

// Every test file starts from an empty AWS.
beforeAll(async () => {
  await resetMoto(peers.awsEndpointUrl);
});
