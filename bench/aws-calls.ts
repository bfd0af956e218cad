import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runCliCaptured } from '../core/cli/capture-cli.js';
import { startFaultProxy } from './torture/fault-proxy.js';

/** One `simian ...` run, as a user types it, and every AWS call it sent. */
export interface CountedRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Calls that reached the emulator, in all and per action ("DescribeInstances"). */
  readonly calls: number;
  readonly byAction: ReadonlyMap<string, number>;
}

/**
 * Runs the CLI in-process with a config file written from `config` and `--endpoint-url` pointed at a counting
 * proxy in front of moto (the torture suite's fault proxy, with no fault): every AWS call the command makes, on
 * whatever client it builds, is counted on the wire.
 */
export async function countCliCalls(
  motoUrl: string,
  argv: readonly string[],
  config: Record<string, unknown>,
  /** Schedule files beside the config (`janitor.yaml` → its entries), as a user keeps them in `schedules/`. */
  schedules: Readonly<Record<string, unknown>> = {},
): Promise<CountedRun> {
  const proxy = await startFaultProxy(motoUrl);
  const folder = mkdtempSync(join(tmpdir(), 'simian-bench-calls-'));
  const configPath = join(folder, 'simian.yaml');
  writeFileSync(configPath, stringify(config));
  mkdirSync(join(folder, 'schedules'));
  for (const [name, entries] of Object.entries(schedules)) {
    writeFileSync(join(folder, 'schedules', name), stringify(entries));
  }
  try {
    const started = performance.now();
    const outcome = await runCliCaptured([...argv, '--config', configPath, '--endpoint-url', proxy.url]);
    const ms = performance.now() - started;
    return { ...outcome, ms, calls: proxy.figures.calls, byAction: new Map(proxy.figures.forwarded) };
  } finally {
    await proxy.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** "DescribeInstances 10, TerminateInstances 3", most calls first. */
export function describeCalls(byAction: ReadonlyMap<string, number>): string {
  return [...byAction]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([action, count]) => `${action} ${count}`)
    .join(', ');
}
