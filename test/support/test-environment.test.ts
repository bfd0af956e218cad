import { describe, expect, it } from 'vitest';
import { ownTestEnvironment } from './test-environment.js';

describe('the environment a test run starts from', () => {
  // The shell of a user who ran `simian demo` and exported what it printed, with a real AWS profile besides.
  const shell = () => ({
    PATH: '/usr/bin',
    HOME: '/home/user',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
    SIMIAN_REDIS_URL: 'redis://127.0.0.1:6390',
    REDIS_URL: 'redis://127.0.0.1:6379',
    AWS_PROFILE: 'production',
    AWS_ACCESS_KEY_ID: 'AKIAREALKEY',
    AWS_SECRET_ACCESS_KEY: 'real-secret',
    AWS_SESSION_TOKEN: 'real-token',
    AWS_REGION: 'eu-west-1',
    SIMIAN_CAPS_MAX_PER_RUN: '50',
    SIMIAN_PYTHON: '/opt/moto/bin/python',
    SIMIAN_TEST_PEER_FORKS: '2',
  });

  it('drops every variable that points a test at a peer, an account or a config it did not start', () => {
    const env: NodeJS.ProcessEnv = shell();
    const dropped = ownTestEnvironment(env);
    expect(dropped.sort()).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_ENDPOINT_URL',
      'AWS_PROFILE',
      'AWS_REGION',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'REDIS_URL',
      'SIMIAN_CAPS_MAX_PER_RUN',
      'SIMIAN_REDIS_URL',
    ]);
    expect(env.AWS_ENDPOINT_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.SIMIAN_REDIS_URL).toBeUndefined();
    expect(env.AWS_PROFILE).toBeUndefined();
    expect(env.AWS_SESSION_TOKEN).toBeUndefined();
  });

  it("gives the SDK moto's test keys and region, never the shell's, and keeps where moto's python is and how many peers forks run", () => {
    const env: NodeJS.ProcessEnv = shell();
    ownTestEnvironment(env);
    expect(env).toMatchObject({
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
      PATH: '/usr/bin',
      HOME: '/home/user',
      SIMIAN_PYTHON: '/opt/moto/bin/python',
      SIMIAN_TEST_PEER_FORKS: '2',
    });
    // No shared config or credentials file of the user's is read either.
    expect(env.AWS_CONFIG_FILE).toMatch(/simian-tests-no-aws/);
    expect(env.AWS_SHARED_CREDENTIALS_FILE).toMatch(/simian-tests-no-aws/);
  });
});
