import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type LoadedConfig, loadConfig } from '../../../core/config/load.js';
import { ALWAYS_OPEN_CALENDAR } from '../../../core/sandbox/always-open-calendar.js';
import { monkeyCatalog } from '../../../monkeys/index.js';
import { MOTO_ACCOUNT, redisUrl } from '../../support/env.js';

/**
 * Writes and loads a config for in-process queue tests: the test Redis under `prefix`, the moto account, a calendar
 * open every day all day (UTC) so planning never waits for a window, one chaos schedule entry and any `others`
 * (each with its own `monkey`); `globals` adds to simian.yaml (armed, regions, caps ...).
 */
export function loadAlwaysOpenConfig(
  prefix: string,
  chaosEntry: Record<string, unknown>,
  others: readonly Record<string, unknown>[] = [],
  globals: Record<string, unknown> = {},
): LoadedConfig {
  const dir = mkdtempSync(join(tmpdir(), 'simian-queue-'));
  mkdirSync(join(dir, 'schedules'));
  writeFileSync(
    join(dir, 'simian.yaml'),
    stringify({
      redis: { url: redisUrl(), prefix },
      accounts: [{ id: MOTO_ACCOUNT }],
      calendar: ALWAYS_OPEN_CALENDAR,
      ...globals,
    }),
  );
  writeFileSync(
    join(dir, 'schedules', 'chaos.yaml'),
    stringify({ schedules: [{ monkey: 'chaos', ...chaosEntry }, ...others] }),
  );
  return loadConfig({ configPath: join(dir, 'simian.yaml'), env: {}, monkeys: monkeyCatalog });
}
