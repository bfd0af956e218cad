import { describe, expect, it } from 'vitest';
import { simian } from '../../support/cli.js';
import { testRedisYaml, writeConfigFile } from '../../support/config-file.js';
import { MOTO_ACCOUNT } from '../../support/env.js';
import { createVolume, dueMark, janitorSandbox, janitorTags, setTags, volumeExists } from './harness.js';

const { clients } = janitorSandbox();

function config(armed = false): string {
  return writeConfigFile(
    `${testRedisYaml()}armed: ${armed}\naccounts:\n  - id: "${MOTO_ACCOUNT}"\nregions: [us-east-1]\n` +
      'calendar:\n  timezone: UTC\n  days: [mon, tue, wed, thu, fri, sat, sun]\n  start: "00:00"\n  end: "23:59"\n',
  );
}

describe('simian janitor', () => {
  it('dry run by default: --json plans the first sight of a detached volume (note-seen) and changes nothing', async () => {
    const volume = await createVolume(clients, { owner: 'frank@example.com' });
    const { code, stdout, stderr } = await simian('janitor', '-c', config(), '--type', 'volume', '--json');
    expect(stderr).not.toContain('Error');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ monkey: 'janitor', dryRun: true, target: { region: 'us-east-1' } });
    expect(report.actions).toContainEqual(
      expect.objectContaining({
        kind: 'note-seen',
        resource: volume,
        status: 'planned',
        details: expect.objectContaining({ rule: 'detached-volume', owner: 'frank@example.com' }),
      }),
    );
    expect(await janitorTags(clients, volume)).toEqual({});
    const table = await simian('janitor', '-c', config(), '--type', 'volume');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`note-seen\\s+${volume}.*rule detached-volume`));
    expect(table.stdout).toContain('dry run, nothing changed');
  });

  it('--report lists every marked resource with its rule, owner and dates (findings JSON and CSV)', async () => {
    const volume = await createVolume(clients, { owner: 'grace@example.com' });
    const mark = dueMark('detached-volume', new Date());
    await setTags(clients, volume, mark);
    const json = await simian('janitor', '-c', config(), '--report', '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.actions).toEqual([]);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        rule: 'detached-volume',
        resource: volume,
        resourceType: 'volume',
        owner: 'grace@example.com',
        account: MOTO_ACCOUNT,
        region: 'us-east-1',
        details: expect.objectContaining({
          markedAt: mark['simian:janitor:marked-at'],
          deleteAfter: mark['simian:janitor:delete-after'],
          notifiedAt: mark['simian:janitor:notified-at'],
        }),
      }),
    );
    expect(report.summary.findings).toBe(report.findings.length);
    const csv = await simian('janitor', '-c', config(), '--report', '--csv');
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toBe('severity,rule,resourceType,resource,owner,account,region,reason');
    expect(csv.stdout).toContain(`detached-volume,volume,${volume},grace@example.com`);
    expect(await volumeExists(clients, volume)).toBe(true);
  });

  it('bad input is refused with one sentence (exit 2): an unknown --type, --csv without --report', async () => {
    const unknown = await simian('janitor', '-c', config(), '--type', 'volume,bucket');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--type: unknown type "bucket"');
    expect(unknown.stderr).toContain('valid types: instance');
    const csv = await simian('janitor', '-c', config(), '--csv');
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('--csv goes with --report');
  });

  it('--no-dry-run needs an armed config (exit 3, nothing marked)', async () => {
    const volume = await createVolume(clients);
    const { code, stdout, stderr } = await simian(
      'janitor',
      '-c',
      config(false),
      '--type',
      'volume',
      '--no-dry-run',
      '--yes',
    );
    expect(code).toBe(3);
    expect(stdout + stderr).toContain('armed');
    expect(await janitorTags(clients, volume)).toEqual({});
  });
});
