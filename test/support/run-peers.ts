import { availableParallelism } from 'node:os';

/**
 * How many peers files run at once, each fork against a moto and a Redis of its own. Two by default where the
 * machine has two cores or more: on an idle 2-core machine the suite took 5 min 0 s with two forks against 8 min
 * 11 s with one, for the same CPU (docs/testing.md): with one, a core idles while the fork waits on its moto. On a
 * machine shared with other work two gain nothing: `SIMIAN_TEST_PEER_FORKS=1 npm test`.
 */
export const PEER_FORKS = peerForks(process.env.SIMIAN_TEST_PEER_FORKS);

function peerForks(value: string | undefined): number {
  if (value === undefined || value === '') return Math.min(2, availableParallelism());
  const forks = Number(value);
  if (!Number.isInteger(forks) || forks < 1) {
    throw new Error(`SIMIAN_TEST_PEER_FORKS "${value}" is not a whole number of forks (expected 1, 2, …)`);
  }
  return forks;
}

/** The peers one fork's files use: started by the global setup, never taken from the shell. */
export interface RunPeers {
  readonly awsEndpointUrl: string;
  readonly redisUrl: string;
}
