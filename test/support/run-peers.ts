/**
 * How many peers files run at once, each fork against a moto and a Redis of its own. One by default: on a 2-core
 * machine shared with other work, two forks gained nothing and pushed the process-heavy fleet tests past their
 * timeouts (docs/testing.md). `SIMIAN_TEST_PEER_FORKS=2 npm test` runs two on a machine of its own.
 */
export const PEER_FORKS = peerForks(process.env.SIMIAN_TEST_PEER_FORKS);

function peerForks(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
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
