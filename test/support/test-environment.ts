import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The test run's own settings, not a peer's address: where moto's python lives, how many peers forks. */
const KEPT = new Set(['SIMIAN_PYTHON', 'SIMIAN_TEST_PEER_FORKS']);

/** A file that never exists: the SDK reads no shared config or credentials of the user's. */
const NO_AWS_FILE = join(tmpdir(), 'simian-tests-no-aws', 'none');

/**
 * Makes `env` the environment of a test run that owns its peers: every AWS_*, SIMIAN_* and REDIS_URL the shell
 * brought is dropped (a sandbox the demo told the user to export, a real profile, a Redis), then moto's test keys
 * and region are set. The run's own moto and Redis are handed to each file by the global setup, never read from
 * the shell. Returns the names it dropped.
 */
export function ownTestEnvironment(env: NodeJS.ProcessEnv): string[] {
  const dropped = Object.keys(env).filter(
    (name) => (name.startsWith('AWS_') || name.startsWith('SIMIAN_') || name === 'REDIS_URL') && !KEPT.has(name),
  );
  for (const name of dropped) delete env[name];
  Object.assign(env, {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: NO_AWS_FILE,
    AWS_SHARED_CREDENTIALS_FILE: NO_AWS_FILE,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  return dropped;
}
