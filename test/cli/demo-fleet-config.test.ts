import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDemoFleetConfig } from '../../core/cli/demo/fleet-config.js';
import { loadConfig } from '../../core/config/load.js';
import { monkeyCatalog } from '../../monkeys/index.js';

describe("the demo fleet's schedules", () => {
  it('run each gorilla entry only in the region of its zone, so no region of a gorilla job fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simian-demo-config-'));
    const fleet = writeDemoFleetConfig(dir, ['gorilla'], new Date('2026-11-24T10:00:00Z'), 3, 8080, {
      kongRecords: [],
    });
    const config = loadConfig({ configPath: fleet.configPath, env: {}, monkeys: monkeyCatalog });
    const gorilla = config.schedules.filter((entry) => entry.monkey === 'gorilla');
    const regionsRun = gorilla.map((entry) => entry.regions ?? config.global.regions);
    // Between them the entries cover every region of the demo, each region with a zone of its own.
    expect(regionsRun.flat().sort()).toEqual([...config.global.regions].sort());
    for (const [index, entry] of gorilla.entries()) {
      for (const region of regionsRun[index] ?? [])
        expect(String(entry.params.zone)).toMatch(new RegExp(`^${region}[a-z]$`));
    }
  });
});
