/**
 * Peers files that need a module graph of their own (the `peers-isolated` project of vitest.config.ts). The other
 * peers files share one per fork (`isolate: false`): the AWS SDK and the code are imported once per fork, not once
 * per file. A file belongs here when it changes what it imports for everyone after it: `vi.mock`, `vi.spyOn` on a
 * shared object, aws-sdk-client-mock (it patches a client class's `send`), `process.env` replaced whole, or a test
 * monkey added to the monkey registry (every later file would see it in the CLI, the IAM policy and the schemas).
 */
export const ISOLATED_FILES: readonly string[] = [
  'test/cli/demo.test.ts',
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
