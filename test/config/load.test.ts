import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config/load.js';
import { writeTree } from './tree.js';

const chaosSchedules = [
  '# yaml-language-server: $schema=../schemas/schedules.schema.json',
  'schedules:',
  '  - id: chaos-weekdays',
  '    monkey: chaos',
  '    cron: "0 10 * * 1-5"',
  '    select:',
  '      - names: [web-*]',
  '    exclude:',
  '      - names: [web-canary]',
  '        reason: canaries have their own drills',
  '      - tags: { tier: database }',
  '    params: { probability: 0.5 }',
  '',
].join('\n');

describe('loading a valid configuration', () => {
  it('reads the config given with -c and the schedules directory beside it', () => {
    const root = writeTree({
      'conf/simian.yaml': 'armed: true\ncalendar:\n  timezone: UTC\ncaps:\n  minTimeBetweenKills: 1h30m\n',
      'conf/schedules/chaos.yaml': chaosSchedules,
      'conf/schedules/kong.yml': 'schedules:\n  - id: kong-monthly\n    monkey: kong\n    every: 4w\n',
      'conf/schedules/notes.txt': 'not a schedule file',
    });
    const config = loadConfig({ cwd: root, configPath: 'conf/simian.yaml', env: {} });
    expect(config.global.armed).toBe(true);
    expect(config.global.calendar).toMatchObject({ timezone: 'UTC', start: '09:00', end: '15:00' });
    expect(config.global.caps.minTimeBetweenKills).toBe(90 * 60_000);
    expect(config.files).toEqual([
      join(root, 'conf/simian.yaml'),
      join(root, 'conf/schedules/chaos.yaml'),
      join(root, 'conf/schedules/kong.yml'),
    ]);
    expect(config.schedules.map((schedule) => schedule.id)).toEqual(['chaos-weekdays', 'kong-monthly']);
  });

  it('remembers where each schedule and each exclude rule was written', () => {
    const root = writeTree({ 'schedules/chaos.yaml': chaosSchedules });
    const [chaos] = loadConfig({ cwd: root, env: {} }).schedules;
    expect(chaos).toMatchObject({
      file: 'schedules/chaos.yaml',
      line: 3,
      selectLines: [7],
      excludeLines: [9, 11],
      enabled: true,
      armed: false,
      requireTag: true,
      params: { probability: 0.5 },
    });
  });

  it('reads only the schedule files it is given', () => {
    const root = writeTree({
      'schedules/chaos.yaml': chaosSchedules,
      'elsewhere/one.yaml': 'schedules:\n  - id: once\n    monkey: janitor\n    every: 1d\n',
    });
    const config = loadConfig({ cwd: root, env: {}, scheduleFiles: ['elsewhere/one.yaml'] });
    expect(config.schedules.map((schedule) => [schedule.id, schedule.file])).toEqual([['once', 'elsewhere/one.yaml']]);
  });

  it('accepts YAML anchors and merge keys', () => {
    const root = writeTree({
      'schedules/gorilla.yaml': [
        'base: &base',
        '  monkey: gorilla',
        '  every: 1d',
        'schedules:',
        '  - { <<: *base, id: gorilla-a }',
        '  - { <<: *base, id: gorilla-b, enabled: false }',
        '',
      ].join('\n'),
    });
    // A top-level key other than `schedules` is unknown: anchors must live inside an entry or a list.
    expect(() => loadConfig({ cwd: root, env: {} })).toThrow('unknown key "base"');
    const inline = writeTree({
      'schedules/gorilla.yaml': [
        'schedules:',
        '  - &base { id: gorilla-a, monkey: gorilla, every: 1d }',
        '  - { <<: *base, id: gorilla-b, enabled: false }',
        '',
      ].join('\n'),
    });
    const schedules = loadConfig({ cwd: inline, env: {} }).schedules;
    expect(schedules.map((schedule) => [schedule.id, schedule.monkey, schedule.enabled])).toEqual([
      ['gorilla-a', 'gorilla', true],
      ['gorilla-b', 'gorilla', false],
    ]);
  });
});

describe('a config file with nothing but comments', () => {
  it('gives every default', () => {
    const root = writeTree({ 'simian.yaml': '# nothing set yet\n' });
    const config = loadConfig({ cwd: root, env: {} });
    expect(config.files).toEqual([join(root, 'simian.yaml')]);
    expect(config.global.armed).toBe(false);
    expect(config.global.regions).toEqual(['us-east-1']);
  });
});
