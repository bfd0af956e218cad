// Each test worker's first step: the peers-fork count is the test runner's own setting (vitest.config.ts and the
// global setup read it), not simian's. Left in a worker's environment, every CLI a test runs, in-process or as a
// child, would warn that SIMIAN_TEST_PEER_FORKS is not a simian setting, and that warning is output the tests check.
delete process.env.SIMIAN_TEST_PEER_FORKS;
