import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type ConfigWatch, watchConfigFiles } from '../../core/queue/config-watch.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const DEBOUNCE_MS = 50;
/** Long enough for fs.watch to report and the debounce to fire. */
const SETTLE_MS = 400;

describe('the scheduler watches the config files and schedules/*.yaml, nothing else', () => {
  let watch: ConfigWatch | undefined;
  afterEach(() => watch?.close());

  function setUp() {
    const dir = mkdtempSync(join(tmpdir(), 'simian-watch-'));
    mkdirSync(join(dir, 'schedules'));
    writeFileSync(join(dir, 'simian.yaml'), 'armed: false\n');
    writeFileSync(join(dir, 'schedules', 'chaos.yaml'), 'schedules: []\n');
    const reasons: string[] = [];
    watch = watchConfigFiles([join(dir, 'simian.yaml'), join(dir, 'schedules')], (reason) => reasons.push(reason), {
      debounceMs: DEBOUNCE_MS,
      logger: pino({ level: 'silent' }),
    });
    return { dir, reasons };
  }

  it('does not reload when another file in the config directory changes (its own log file, say)', async () => {
    const { dir, reasons } = setUp();
    for (let i = 0; i < 5; i += 1) {
      appendFileSync(join(dir, 'simian.log'), `line ${i}\n`);
      writeFileSync(join(dir, 'schedules', 'notes.txt'), `note ${i}\n`);
      writeFileSync(join(dir, 'schedules', '.chaos.yaml.swp'), 'x');
      await sleep(20);
    }
    await sleep(SETTLE_MS);
    expect(reasons).toEqual([]);
  });

  it('reloads when the config file changes', async () => {
    const { dir, reasons } = setUp();
    writeFileSync(join(dir, 'simian.yaml'), 'armed: true\n');
    await sleep(SETTLE_MS);
    expect(reasons).toEqual([`change in ${join(dir, 'simian.yaml')}`]);
  });

  it('reloads when a schedule file changes or a new one appears', async () => {
    const { dir, reasons } = setUp();
    writeFileSync(join(dir, 'schedules', 'chaos.yaml'), 'schedules: []\n# edited\n');
    await sleep(SETTLE_MS);
    writeFileSync(join(dir, 'schedules', 'kong.yml'), 'schedules: []\n');
    await sleep(SETTLE_MS);
    expect(reasons).toEqual([
      `change in ${join(dir, 'schedules', 'chaos.yaml')}`,
      `change in ${join(dir, 'schedules', 'kong.yml')}`,
    ]);
  });
});
