import { defineConfig } from 'vitest/config';
import { ISOLATED_FILES } from './test/support/isolated-files.js';
import { LongFirstSequencer } from './test/support/long-first-sequencer.js';
import { PURE_FILES } from './test/support/pure-files.js';
import { PEER_FORKS } from './test/support/run-peers.js';
import { ownTestEnvironment } from './test/support/test-environment.js';

// Before any worker starts (they inherit this environment): nothing the shell exported points a test at a peer or an
// account the run did not start.
ownTestEnvironment(process.env);

// A closed loopback port: a pure file that reaches for AWS fails at once, never at a real account or the run's moto.
const NO_AWS = 'http://127.0.0.1:9';

const DEMO_FILE = 'test/cli/demo.test.ts';

const SHUFFLE_ASKED = process.argv.some((arg) => arg.startsWith('--sequence.shuffle'));

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // The known long files first, so the forks end together (a clean checkout has no durations cached). Not when the
    // command line asks to shuffle the files: vitest shuffles only when no sequencer is set.
    sequence: SHUFFLE_ASKED ? {} : { sequencer: LongFirstSequencer },
    hookTimeout: 120_000,
    poolOptions: {
      // The peers files: one per fork at a time (PEER_FORKS forks), each fork with its own moto and Redis, so a moto
      // reset never hits a neighbour. `isolate: false` here is what keeps a fork's process for its next file: the
      // pools are made from this root config alone, and with `isolate` unset each file got a new process that
      // imported the AWS SDK and the code again (about 2 s a file; collect 280 s of a 480 s suite).
      forks: { maxForks: PEER_FORKS, minForks: PEER_FORKS, isolate: false },
      // The pure files: beside the peers files, a thread's module graph kept from file to file likewise.
      threads: { maxThreads: 2, minThreads: 1, isolate: false },
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'pure',
          include: [...PURE_FILES],
          pool: 'threads',
          setupFiles: ['test/support/worker-env.ts'],
          env: {
            AWS_ENDPOINT_URL: NO_AWS,
            REDIS_URL: '',
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'peers',
          include: ['test/**/*.test.ts'],
          exclude: [...PURE_FILES, ...ISOLATED_FILES, DEMO_FILE],
          pool: 'forks',
          // The files of a fork share its module graph: the AWS SDK and the code load once per fork, not per file.
          isolate: false,
          // Each fork has its own moto and Redis, handed to its files; each file starts from an empty AWS.
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/worker-env.ts', 'test/support/per-file.ts'],
        },
      },
      {
        extends: true,
        test: {
          // The demo starts its own moto, Redis and fleet and spends most of its minute waiting for its reverts to
          // come due: on a thread beside the pure files, it holds no peers fork while it waits.
          name: 'demo',
          include: [DEMO_FILE],
          pool: 'threads',
          poolOptions: { threads: { isolate: true } },
          setupFiles: ['test/support/worker-env.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'peers-isolated',
          include: [...ISOLATED_FILES],
          pool: 'forks',
          // These change what they import (mocks, registries): vitest resets the fork's module graph before each.
          poolOptions: { forks: { isolate: true } },
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/worker-env.ts', 'test/support/per-file.ts'],
        },
      },
    ],
  },
});
