/**
 * Peers files that need a module graph of their own (the `peers-isolated` project of vitest.config.ts). The other
 * peers files share their fork's process and module graph: the AWS SDK and the code are imported once per fork, not
 * once per file. A file belongs here when it changes what it imports for everyone after it: `vi.mock`, `vi.spyOn` on
 * a shared object, or something added to a registry (a test monkey or a test effect: every later file would see it
 * in the CLI, the IAM policy, the schemas and `allEffects()`). Vitest re-evaluates the project's modules before each
 * of these files, in the same process; the packages under node_modules are loaded once, so a file that patches one
 * (aws-sdk-client-mock on a client class, `process.env` replaced whole) restores it in `afterAll`.
 */
export const ISOLATED_FILES: readonly string[] = [
  'test/actuator/execute.test.ts',
  'test/actuator/reach.test.ts',
  'test/cli/report-monkey.test.ts',
  'test/monkeys/howler-recorded-aws.test.ts',
  'test/monkeys/latency.test.ts',
  'test/monkeys/report-truth.test.ts',
  'test/monkeys/security-rules.test.ts',
  'test/monkeys/toy-monkey.test.ts',
  'test/queue/daily-plan-hook.test.ts',
  'test/safety/recheck-resources.test.ts',
  'test/support/own-peers.test.ts',
];
