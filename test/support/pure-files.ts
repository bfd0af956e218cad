/**
 * Test files that reach no peer: no moto, no Redis, no child process, no real port. They run in parallel (the
 * `pure` project of vitest.config.ts); every other file runs in the `peers` project, one file at a time against the
 * run's one moto and one Redis. A new file is a peers file until it is listed here: the safe default. A file listed
 * here that reaches for a peer fails at once (its AWS endpoint is a closed port, and it has no Redis URL).
 */
export const PURE_FILES: readonly string[] = [
  'test/actuator/iam-policy-simulated.test.ts',
  'test/actuator/pacer.test.ts',
  'test/cli/confirm.test.ts',
  'test/cli/demo-fleet-config.test.ts',
  'test/cli/monkey-docs.test.ts',
  'test/cli/table.test.ts',
  'test/config/json-schema.test.ts',
  'test/config/large-document.test.ts',
  'test/config/load.test.ts',
  'test/config/malformed.test.ts',
  'test/config/redis-topology.test.ts',
  'test/config/validate-cli.test.ts',
  'test/deploy/dockerfile.test.ts',
  'test/fleet/glob.test.ts',
  'test/fleet/grouping.test.ts',
  'test/fleet/naming.test.ts',
  'test/fleet/opt-in.test.ts',
  'test/monkeys/chaos-kill-rate.test.ts',
  'test/monkeys/chaos-schedule.test.ts',
  'test/monkeys/circus-plan.test.ts',
  'test/monkeys/conformity-plan.test.ts',
  'test/monkeys/doctor-plan.test.ts',
  'test/monkeys/gorilla-plan.test.ts',
  'test/monkeys/howler-thresholds.test.ts',
  'test/monkeys/janitor/caps.test.ts',
  'test/monkeys/latency-schedule.test.ts',
  'test/monkeys/security-plan.test.ts',
  'test/notify/config.test.ts',
  'test/queue/config-watch.test.ts',
  'test/queue/lifecycle.test.ts',
  'test/safety/account-region.test.ts',
  'test/safety/armed.test.ts',
  'test/safety/calendar.test.ts',
  'test/safety/caps-cost.test.ts',
  'test/safety/caps-property.test.ts',
  'test/safety/caps.test.ts',
];
