/**
 * The test files that take longest (each 10 s or more on an idle 2-core machine, docs/testing.md), started first so
 * the forks end together instead of one waiting on a long file started last. Vitest orders by the durations it cached
 * from the last run, but a clean checkout (CI) has none and falls back to file size, which says little about time:
 * `queue/fleet-redis-topologies` (19 s) started 176th of 187 files in a clean CI run. A file missing from the
 * checkout fails `test/support/long-files.test.ts`.
 */
export const LONG_FILES: readonly string[] = [
  'test/queue/fleet-faults.test.ts',
  'test/deploy/npm-package.test.ts',
  'test/monkeys/janitor/uses.test.ts',
  'test/cli/one-shot-output.test.ts',
  'test/monkeys/janitor/uses-property.test.ts',
  'test/queue/fleet-redis-topologies.test.ts',
  'test/monkeys/gorilla-exclude-caps.test.ts',
  'test/deploy/ecs-template.test.ts',
  'test/monkeys/janitor/restore-network.test.ts',
  'test/monkeys/janitor/rules-ec2.test.ts',
  'test/monkeys/janitor/rules-rds-snapshots.test.ts',
  'test/http/dashboard-browser.test.ts',
  'test/monkeys/janitor/record.test.ts',
  'test/safety/batched-recheck.test.ts',
  'test/actuator/iam-policy-simulated.test.ts',
  'test/monkeys/janitor/use-reads-refused.test.ts',
];
