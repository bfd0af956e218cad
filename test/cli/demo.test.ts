import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../core/cli/run.js';

/** Runs the CLI in-process and returns its exit code and what it wrote to stdout and stderr. */
async function simian(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  try {
    const code = await runCli(argv);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('simian demo', () => {
  it('starts its own moto and Redis, seeds the sandbox fleet, prints the inventory and what to try, then stops the peers', async () => {
    const { code, stdout, stderr } = await simian('demo');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('[1/2] seed the sandbox fleet');
    expect(stdout).toMatch(
      /us-east-1: 6 Auto Scaling groups with 18 instances over us-east-1a, us-east-1b, us-east-1c/,
    );
    expect(stdout).toContain('[2/2] what simian sees\n$ simian inventory -c sandbox/simian.yaml\n');
    expect(stdout).toContain('us-east-1 — account 123456789012 (sandbox): 6 groups, 20 instances (2 in no group)');
    expect(stdout).toContain('us-west-2 — account 123456789012 (sandbox): 1 group, 2 instances (0 in no group)');
    expect(stdout).toMatch(
      /db-prod .* ✗ chaos, gorilla, kong, latency, doctor, circus: opted out by simian:all=disabled/,
    );
    expect(stdout).toMatch(/excluded by rule 1 in sandbox\/schedules\/chaos\.yaml:9 \(quarter-end freeze\)/);
    expect(stdout).toContain('npm run demo -- --for 30m');
    const endpoint = /AWS endpoint (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    expect(endpoint).toBeDefined();
    // The sandbox is gone once the demo returns.
    await expect(fetch(`${endpoint}/moto-api/`)).rejects.toThrow();
  });

  it('refuses a --for that is not a duration, with exit 2 and nothing started', async () => {
    const { code, stdout, stderr } = await simian('demo', '--for', 'a while');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('simian: --for "a while" is not a duration (expected e.g. 30s, 15m, 1h30m)\n');
  });
});
