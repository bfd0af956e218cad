import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { flagHelp } from '../../core/cli/flag-help.js';
import { flagsTable, withFlagsTable } from '../../core/cli/flags-doc.js';
import { registerMonkeyCommands } from '../../core/cli/monkey-commands.js';
import { paramsTable, withParamsTable } from '../../core/cli/params-doc.js';
import { allMonkeys, getMonkey } from '../../monkeys/index.js';

const root = join(import.meta.dirname, '..', '..');
const commanded = allMonkeys().filter((monkey) => monkey.cli);
const pageOf = (name: string) => readFileSync(join(root, 'docs', 'monkeys', `${name}.md`), 'utf8');

/** `simian <monkey> --help` as one line (commander wraps long descriptions at the terminal's width). */
function helpOf(name: string): string {
  const program = new Command('simian');
  registerMonkeyCommands(program);
  const command = program.commands.find((candidate) => candidate.name() === name);
  if (!command) throw new Error(`no command ${name}`);
  return command.helpInformation().replace(/\s+/g, ' ');
}

describe("each monkey's docs page", () => {
  it.each(commanded.map((monkey) => monkey.name))(
    'docs/monkeys/%s.md holds the current flags table (run: npx tsx scripts/monkey-docs.mjs)',
    (name) => {
      const monkey = getMonkey(name);
      const page = pageOf(name);
      expect(withFlagsTable(page, monkey), 'the page has no flags table markers').not.toBeNull();
      expect(page).toContain(flagsTable(monkey));
    },
  );

  it.each(allMonkeys().map((monkey) => monkey.name))(
    'docs/monkeys/%s.md holds the current params table (run: npx tsx scripts/monkey-docs.mjs)',
    (name) => {
      const monkey = getMonkey(name);
      const page = pageOf(name);
      expect(withParamsTable(page, monkey), 'the page has no params table markers').not.toBeNull();
      expect(page).toContain(paramsTable(monkey));
    },
  );

  it('lists every flag of the command with the param it sets', () => {
    expect(flagsTable(getMonkey('chaos'))).toMatch(
      /\| `--fault <fault>` \| `fault` \| what to do to the chosen instance: terminate, stop, reboot/,
    );
    expect(flagsTable(getMonkey('kong'))).toMatch(/\| `--record <spec>` \| `records` \| a weighted record: /);
  });

  it('lists every param, nested keys too, with its description and the flag that sets it', () => {
    const chaos = paramsTable(getMonkey('chaos'));
    expect(chaos).toMatch(/\| `duration` \| `--duration` \| How long a stop, .* \(default 10m\) \|/);
    expect(chaos).toMatch(
      /\| `groups.<name>.fault` \| — \| What to do to the chosen instance: .*\(default: the entry's\) \|/,
    );
    expect(paramsTable(getMonkey('kong'))).toMatch(/\| `region` \| `--region` \| The region to evacuate/);
    expect(paramsTable(getMonkey('doctor'))).toMatch(
      /\| `rules\[\].source` \| — \| ec2-status: .*; asg-health: .*; metric: /,
    );
    // What every rule takes is said once; a rule's own setting under its own name.
    const conformity = paramsTable(getMonkey('conformity'));
    expect(conformity.match(/`rules\.[^`]*\.enabled`/g)).toEqual(['`rules.<name>.enabled`']);
    expect(conformity).toMatch(
      /\| `rules.instance-too-old.maxAgeDays` \| — \| Days since launch .* \(default 180\) \|/,
    );
  });
});

describe("a flag's help", () => {
  it("is its param's description where the flag declares no words of its own (--help and docs alike)", () => {
    const doctor = getMonkey('doctor');
    const cooldown = doctor.cli?.flags.find((flag) => flag.param === 'cooldown');
    expect(cooldown?.help).toBeUndefined();
    const said = 'an instance remedied (rebooted, replaced, quarantined) is left alone this long (default 1h)';
    expect(helpOf('doctor')).toContain(`--cooldown <duration> ${said}`);
    expect(flagsTable(doctor)).toContain(`| \`--cooldown <duration>\` | \`cooldown\` | ${said} |`);
    expect(helpOf('latency')).toMatch(/--to <cidr> only traffic toward these IPv4 CIDRs is delayed, .*\(repeatable\)/);
  });

  it('keeps the words a flag declares for the command line', () => {
    expect(helpOf('chaos')).toContain(
      '--group <name> aim at one group (an ASG, or the app/stack/cluster name with --grouping)',
    );
  });

  it('is a bug when neither the flag nor its param says anything', () => {
    const params = z.strictObject({ note: z.string() });
    expect(() => flagHelp(params, { flag: '--note <text>', param: 'note' })).toThrow(
      /--note <text> declares no help and its param has no description/,
    );
  });
});
