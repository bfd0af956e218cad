import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simian } from '../support/cli.js';
import { writeTree } from './tree.js';

const root = join(import.meta.dirname, '..', '..');

describe('simian validate', () => {
  it('passes the repository example config and schedules', async () => {
    const { code, stdout, stderr } = await simian('validate', '-c', join(root, 'simian.yaml'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok: \d+ files? valid\n$/);
  });

  it('checks given files, telling schedule files from global configs', async () => {
    const dir = writeTree({
      'a.yaml': 'armed: false\n',
      'b.yaml': 'schedules:\n  - id: nightly\n    monkey: chaos\n    cron: "0 2 * * *"\n',
    });
    const { code, stdout } = await simian('validate', join(dir, 'a.yaml'), join(dir, 'b.yaml'));
    expect(code).toBe(0);
    expect(stdout).toBe('ok: 2 files valid\n');
  });

  it.each([
    ['unknown key', 'armd: true\n', ':1:1: armd: unknown key "armd" (did you mean "armed"?)'],
    ['bad region', 'regions: [us-east-1, mars-1]\n', ':1:22: regions.1: "mars-1" is not an AWS region'],
    ['syntax error', 'armed: [true\n', ':2:1: YAML syntax error: Flow sequence'],
    [
      'bad duration',
      'caps:\n  minTimeBetweenKills: soon\n',
      ':2:24: caps.minTimeBetweenKills: "soon" is not a duration',
    ],
    [
      'bad cron',
      'schedules:\n  - id: c\n    monkey: chaos\n    cron: "every day"\n',
      ':4:11: schedules.0.cron: "every day" is not a cron expression',
    ],
  ])('exits 2 on %s and names the place on stderr', async (_name, text, says) => {
    const dir = writeTree({ 'bad.yaml': text });
    const { code, stdout, stderr } = await simian('validate', join(dir, 'bad.yaml'));
    expect(code).toBe(2);
    expect(stderr).toContain(`bad.yaml${says}`);
    expect(stdout).toBe('');
  });

  it('prints problems as JSON with --json and still exits 2', async () => {
    const dir = writeTree({ 'simian.yaml': 'http:\n  port: "eighty"\n' });
    const { code, stdout } = await simian('validate', '--json', '-c', join(dir, 'simian.yaml'));
    expect(code).toBe(2);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({
        line: 2,
        col: 9,
        path: 'http.port',
        message: expect.stringContaining('expected number'),
      }),
    ]);
  });

  it('prints a JSON Schema with --print-schema', async () => {
    const { code, stdout } = await simian('validate', '--print-schema', 'schedules');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).required).toEqual(['schedules']);
  });
});
