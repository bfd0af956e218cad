import { defineConfig } from 'vitest/config';
import { PURE_FILES } from './test/support/pure-files.js';

// A closed loopback port: a pure file that reaches for AWS fails at once, never at a real account or the run's moto.
const NO_AWS = 'http://127.0.0.1:9';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    poolOptions: {
      // The peers files: one at a time, so a moto reset never hits a neighbour.
      forks: { maxForks: 1, minForks: 1 },
      // The pure files: beside the peers files, on the other core.
      threads: { maxThreads: 2, minThreads: 1 },
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'pure',
          include: [...PURE_FILES],
          pool: 'threads',
          env: {
            AWS_ENDPOINT_URL: NO_AWS,
            AWS_ACCESS_KEY_ID: 'testing',
            AWS_SECRET_ACCESS_KEY: 'testing',
            AWS_REGION: 'us-east-1',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            REDIS_URL: '',
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'peers',
          include: ['test/**/*.test.ts'],
          exclude: [...PURE_FILES],
          pool: 'forks',
          // One moto and one Redis serve every peers file; each file starts from an empty AWS.
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/per-file.ts'],
        },
      },
    ],
  },
});
