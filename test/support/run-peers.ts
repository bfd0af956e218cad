/** How many peers files run at once, each fork against a moto and a Redis of its own (2 cores: 2 forks). */
export const PEER_FORKS = 2;

/** The peers one fork's files use: started by the global setup, never taken from the shell. */
export interface RunPeers {
  readonly awsEndpointUrl: string;
  readonly redisUrl: string;
}
