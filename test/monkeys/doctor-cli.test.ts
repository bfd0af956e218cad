import { describe, expect, it } from 'vitest';
import { loadScheduleFiles } from '../../core/config/load.js';
import { monkeyCatalog } from '../../monkeys/index.js';
import { simian } from '../support/cli.js';
import { testRedisYaml, writeConfigFile } from '../support/config-file.js';
import { MOTO_ACCOUNT } from '../support/env.js';

const config = () => writeConfigFile(`regions: [us-east-1]\naccounts: [{ id: "${MOTO_ACCOUNT}" }]\n${testRedisYaml()}`);

describe('simian doctor', () => {
  it.each([
    [['--cooldown', 'soon'], '--cooldown "soon" is not a duration'],
    [['--max-at-once', '0'], '--max-at-once must be at least 1'],
    [['--group', 'nope-prod'], 'Auto Scaling group "nope-prod" not found in us-east-1'],
  ])('refuses bad input %j with one clear sentence and no report (exit 2)', async (flags, message) => {
    const { code, stderr, stdout } = await simian('doctor', '-c', config(), ...flags);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });

  it('--json prints the run document of an empty region: nothing sick, nothing planned', async () => {
    const { code, stdout } = await simian('doctor', '-c', config(), '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      monkey: 'doctor',
      dryRun: true,
      target: { region: 'us-east-1', rules: 'status-impaired,asg-unhealthy,status-check-failed,cpu-hot' },
      actions: [],
      summary: { planned: 0, done: 0, failed: 0 },
    });
  });
});

describe('the doctor and circus schedules users copy', () => {
  it.each(['doctor', 'circus'])('schedules/%s.yaml is valid, unarmed, and its params pass the schema', (name) => {
    const loaded = loadScheduleFiles([`schedules/${name}.yaml`], { monkeys: monkeyCatalog });
    expect(loaded.problems).toEqual([]);
    expect(loaded.schedules.length).toBeGreaterThanOrEqual(1);
    for (const entry of loaded.schedules) expect(entry).toMatchObject({ monkey: name, armed: false });
  });

  it('a bad rule in a schedule is refused with its place named', () => {
    const path = writeConfigFile(
      'schedules:\n  - id: doctor\n    monkey: doctor\n    every: 10m\n    params:\n      rules:\n        - id: cpu\n          source: metric\n          metric: CPUUtilization\n          comparison: ">"\n          threshold: 95\n          for: 15m\n          remedy: amputate\n',
    );
    const loaded = loadScheduleFiles([path], { monkeys: monkeyCatalog });
    expect(loaded.problems.map((problem) => problem.message).join('\n')).toContain(
      'remedy "amputate" is unknown (expected one of notify, reboot, replace, quarantine)',
    );
  });
});
