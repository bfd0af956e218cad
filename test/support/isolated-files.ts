/**
 * Peers files that need a module graph of their own (the `peers-isolated` project of vitest.config.ts). The other
 * peers files share one per fork (`isolate: false`): the AWS SDK and the code are imported once per fork, not once
 * per file. A file belongs here when it changes what it imports for everyone after it: `vi.mock`, `vi.spyOn` on a
 * shared object, aws-sdk-client-mock (it patches a client class's `send`), or `process.env` replaced whole.
 */
export const ISOLATED_FILES: readonly string[] = [
  'test/cli/demo.test.ts',
  'test/monkeys/howler-recorded-aws.test.ts',
  'test/monkeys/latency.test.ts',
  'test/monkeys/report-truth.test.ts',
  'test/monkeys/security-rules.test.ts',
  'test/support/own-peers.test.ts',
];
