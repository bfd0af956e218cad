import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config/load.js';
import { allMonkeys } from '../../monkeys/index.js';
import { problemsOf, writeTree } from './tree.js';

/** The registry's names, as the message lists them (every monkey added joins the list). */
const VALID_MONKEYS = allMonkeys()
  .map((monkey) => monkey.name)
  .join(', ');

/** One bad input: the files, and the first problem's exact place and a phrase its message must contain. */
interface Case {
  name: string;
  files: Record<string, string>;
  at: string;
  says: string | RegExp;
}

const global = (text: string) => ({ 'simian.yaml': text });
const schedule = (text: string) => ({ 'schedules/chaos.yaml': text });

const cases: Case[] = [
  // YAML syntax
  {
    name: 'unclosed flow list',
    files: global('regions: [us-east-1\narmed: true\n'),
    at: 'simian.yaml:2:1',
    says: 'YAML syntax error: Flow sequence',
  },
  {
    name: 'tab indentation',
    files: global('calendar:\n\ttimezone: UTC\n'),
    at: 'simian.yaml:2:1',
    says: 'Tabs are not allowed',
  },
  {
    name: 'duplicate key',
    files: global('armed: true\narmed: false\n'),
    at: 'simian.yaml:2:1',
    says: 'Map keys must be unique',
  },
  {
    name: 'syntax error in a schedule file',
    files: schedule('schedules:\n  - id: c\n    monkey: "chaos\n'),
    at: 'schedules/chaos.yaml:4:1',
    says: 'YAML syntax error: Missing closing "quote',
  },
  {
    name: 'two documents in one file',
    files: global('armed: false\n---\narmed: true\n'),
    at: 'simian.yaml:2:1',
    says: 'a config file holds one YAML document',
  },
  {
    name: 'unknown key in schedule caps',
    files: schedule('schedules:\n  - id: c\n    monkey: chaos\n    caps:\n      maxPerRn: 3\n'),
    at: 'schedules/chaos.yaml:5:7',
    says: 'unknown key "maxPerRn" (did you mean "maxPerRun"?)',
  },
  // wrong types
  {
    name: 'text for a boolean',
    files: global('armed: "yes"\n'),
    at: 'simian.yaml:1:8',
    says: 'armed: expected boolean, got the text "yes"',
  },
  {
    name: 'unquoted account id',
    files: global('accounts:\n  - id: 123456789012\n'),
    at: 'simian.yaml:2:9',
    says: 'expected string, got number 123456789012 (put it in quotes)',
  },
  {
    name: 'top level is a list',
    files: global('- armed\n- regions\n'),
    at: 'simian.yaml:1:1',
    says: 'expected object, got a list',
  },
  {
    name: 'empty value',
    files: global('calendar:\n  timezone:\n'),
    at: 'simian.yaml:2:12',
    says: 'calendar.timezone: expected string, got null',
  },
  {
    name: 'schedules is a mapping',
    files: schedule('schedules:\n  id: c\n'),
    at: 'schedules/chaos.yaml:2:3',
    says: 'schedules: expected array, got a mapping',
  },
  // unknown keys at several depths
  {
    name: 'unknown top-level key',
    files: global('armd: true\n'),
    at: 'simian.yaml:1:1',
    says: 'unknown key "armd" (did you mean "armed"?)',
  },
  {
    name: 'unknown nested key',
    files: global('calendar:\n  timezon: UTC\n'),
    at: 'simian.yaml:2:3',
    says: 'unknown key "timezon" (did you mean "timezone"?)',
  },
  {
    name: 'unknown key in a list item',
    files: global('stopConditions:\n  alarms:\n    - name: high-errors\n      regin: us-east-1\n'),
    at: 'simian.yaml:4:7',
    says: 'stopConditions.alarms.0.regin: unknown key "regin"',
  },
  {
    name: 'unknown key in a select rule',
    files: schedule('schedules:\n  - id: c\n    monkey: chaos\n    select:\n      - nmes: [web-*]\n'),
    at: 'schedules/chaos.yaml:5:9',
    says: 'unknown key "nmes" (did you mean "names"?)',
  },
  {
    name: 'unknown key in an exclude rule',
    files: schedule(
      'schedules:\n  - id: c\n    monkey: chaos\n    exclude:\n      - names: [db-*]\n        reson: databases\n',
    ),
    at: 'schedules/chaos.yaml:6:9',
    says: 'unknown key "reson" (did you mean "reason"?)',
  },
  {
    name: 'unknown key with no close match',
    files: global('caps:\n  banana: 3\n'),
    at: 'simian.yaml:2:3',
    says: /unknown key "banana"$/,
  },
  // missing required keys point at their parent
  {
    name: 'account without id',
    files: global('accounts:\n  - alias: sandbox\n'),
    at: 'simian.yaml:2:5',
    says: 'accounts.0: missing required key "id"',
  },
  {
    name: 'schedule without id',
    files: schedule('schedules:\n  - monkey: chaos\n    every: 1h\n'),
    at: 'schedules/chaos.yaml:2:5',
    says: 'missing required key "id"',
  },
  {
    name: 'schedule file without schedules',
    files: schedule('schedule:\n  - id: c\n'),
    at: 'schedules/chaos.yaml:1:1',
    says: '(top level): missing required key "schedules"',
  },
  // values
  {
    name: 'bad cron',
    files: schedule('schedules:\n  - id: c\n    monkey: chaos\n    cron: "61 * * * *"\n'),
    at: 'schedules/chaos.yaml:4:11',
    says: '"61 * * * *" is not a cron expression',
  },
  {
    name: 'cron with too few fields',
    files: schedule('schedules:\n  - id: c\n    monkey: chaos\n    cron: "0 9"\n'),
    at: 'schedules/chaos.yaml:4:11',
    says: 'is not a cron expression',
  },
  {
    name: 'cron and every together',
    files: schedule('schedules:\n  - id: c\n    monkey: chaos\n    cron: "0 * * * *"\n    every: 1h\n'),
    at: 'schedules/chaos.yaml:5:12',
    says: 'give either cron or every, not both',
  },
  {
    name: 'bad region',
    files: global('regions:\n  - us-east-1\n  - mars-1\n'),
    at: 'simian.yaml:3:5',
    says: '"mars-1" is not an AWS region',
  },
  {
    name: 'empty region list',
    files: global('regions: []\n'),
    at: 'simian.yaml:1:10',
    says: 'regions: must list at least one item',
  },
  {
    name: 'bad region in a selector',
    files: schedule('schedules:\n  - id: c\n    monkey: chaos\n    select:\n      - regions: [useast1]\n'),
    at: 'schedules/chaos.yaml:5:19',
    says: '"useast1" is not an AWS region',
  },
  {
    name: 'bad time zone',
    files: global('calendar:\n  timezone: Mars/Olympus\n'),
    at: 'simian.yaml:2:13',
    says: '"Mars/Olympus" is not an IANA time zone',
  },
  {
    name: 'bad time zone in a schedule',
    files: schedule('schedules:\n  - id: c\n    monkey: chaos\n    timezone: PST8\n'),
    at: 'schedules/chaos.yaml:4:15',
    says: '"PST8" is not an IANA time zone',
  },
  {
    name: 'bad duration',
    files: global('events:\n  retention: 3 days\n'),
    at: 'simian.yaml:2:14',
    says: '"3 days" is not a duration',
  },
  {
    name: 'negative duration',
    files: global('caps:\n  minTimeBetweenKills: -5\n'),
    at: 'simian.yaml:2:24',
    says: 'must be at least 0, got number -5',
  },
  {
    name: 'bad every',
    files: schedule('schedules:\n  - id: c\n    monkey: chaos\n    every: often\n'),
    at: 'schedules/chaos.yaml:4:12',
    says: '"often" is not a duration',
  },
  {
    name: 'short account id',
    files: global('accounts:\n  - id: "12345"\n'),
    at: 'simian.yaml:2:9',
    says: '"12345" is not a 12-digit AWS account id',
  },
  {
    name: 'bad account id in a selector',
    files: schedule('schedules:\n  - id: c\n    monkey: chaos\n    select:\n      - accounts: ["abc"]\n'),
    at: 'schedules/chaos.yaml:5:20',
    says: '"abc" is not a 12-digit AWS account id',
  },
  {
    name: 'bad role ARN',
    files: global('accounts:\n  - id: "111122223333"\n    roleArn: simian-role\n'),
    at: 'simian.yaml:3:14',
    says: '"simian-role" is not an IAM role ARN',
  },
  {
    name: 'calendar end before start',
    files: global('calendar:\n  start: "16:00"\n  end: "10:00"\n'),
    at: 'simian.yaml:3:8',
    says: 'end (10:00) must be later than start (16:00)',
  },
  {
    name: 'bad time of day',
    files: global('calendar:\n  start: 9am\n'),
    at: 'simian.yaml:2:10',
    says: '"9am" is not a time of day',
  },
  {
    name: 'bad weekday',
    files: global('calendar:\n  days: [mon, funday]\n'),
    at: 'simian.yaml:2:15',
    says: 'got the text "funday"',
  },
  {
    name: 'bad blackout date',
    files: global('calendar:\n  blackouts: ["2026-12-25", "Dec 26"]\n'),
    at: 'simian.yaml:2:29',
    says: '"Dec 26" is not a date',
  },
  {
    name: 'port out of range',
    files: global('http:\n  port: 70000\n'),
    at: 'simian.yaml:2:9',
    says: 'http.port: must be at most 65535',
  },
  {
    name: 'short http token',
    files: global('http:\n  token: short\n'),
    at: 'simian.yaml:2:10',
    says: 'must be at least 16 characters long',
  },
  {
    name: 'redis url of another scheme',
    files: global('redis:\n  url: http://localhost:6379\n'),
    at: 'simian.yaml:2:8',
    says: 'is not a redis:// or rediss:// URL',
  },
  {
    name: 'percent above 100',
    files: global('caps:\n  maxPercentPerGroup: 150\n'),
    at: 'simian.yaml:2:23',
    says: 'must be at most 100',
  },
  {
    name: 'webhook that is not a URL',
    files: global('notifications:\n  slack:\n    webhookUrl: not-a-url\n'),
    at: 'simian.yaml:3:17',
    // A webhook URL may be a credential: its text is never echoed.
    says: 'is not an http:// or https:// URL (its text is not shown: it may hold a credential)',
  },
  {
    name: 'unknown monkey',
    files: schedule('schedules:\n  - id: c\n    monkey: chaoss\n'),
    at: 'schedules/chaos.yaml:3:13',
    says: `unknown monkey "chaoss" (valid monkeys: ${VALID_MONKEYS})`,
  },
  {
    name: 'a known monkey with bad params',
    files: schedule('schedules:\n  - id: g\n    monkey: gorilla\n    params:\n      zone: us-east-1a\n      junk: 1\n'),
    at: 'schedules/chaos.yaml:5:7',
    says: 'unknown parameter junk',
  },
  {
    name: 'schedule id with a colon',
    files: schedule('schedules:\n  - id: "chaos:daily"\n    monkey: chaos\n'),
    at: 'schedules/chaos.yaml:2:9',
    says: 'no ":"',
  },
  // values that look right but cannot work
  {
    name: 'a blackout date that does not exist',
    files: global('calendar:\n  blackouts: ["2026-12-25", "2026-11-31"]\n'),
    at: 'simian.yaml:2:29',
    says: 'calendar.blackouts.1: "2026-11-31" is not a date that exists (expected YYYY-MM-DD)',
  },
  {
    name: 'an extra run day that does not exist',
    files: global('calendar:\n  extraRunDays:\n    - "2026-02-29"\n'),
    at: 'simian.yaml:3:7',
    says: '"2026-02-29" is not a date that exists',
  },
  {
    name: 'every of zero',
    files: schedule('schedules:\n  - id: c\n    monkey: chaos\n    every: 0s\n'),
    at: 'schedules/chaos.yaml:4:12',
    says: 'schedules.0.every: 0s is too short (a schedule runs at most once a minute: expected 1m or more)',
  },
  {
    name: 'every of a millisecond',
    files: schedule('schedules:\n  - id: c\n    monkey: chaos\n    every: 1ms\n'),
    at: 'schedules/chaos.yaml:4:12',
    says: '1ms is too short',
  },
  {
    name: 'every in milliseconds under a minute',
    files: schedule('schedules:\n  - id: c\n    monkey: chaos\n    every: 59999\n'),
    at: 'schedules/chaos.yaml:4:12',
    says: '59s999ms is too short',
  },
  {
    name: 'unknown holiday country',
    files: global('calendar:\n  holidays:\n    country: XX\n'),
    at: 'simian.yaml:3:14',
    says: 'calendar.holidays.country: "XX" is not a country date-holidays knows (expected an ISO 3166 code, e.g. US, DE, GB)',
  },
  {
    name: 'unknown holiday state',
    files: global('calendar:\n  holidays:\n    country: US\n    state: ZZ\n'),
    at: 'simian.yaml:4:12',
    says: 'calendar.holidays.state: "ZZ" is not a state of US that date-holidays knows (e.g. AL, AK, AZ)',
  },
  {
    name: 'unknown holiday region',
    files: global('calendar:\n  holidays:\n    country: DE\n    state: BY\n    region: XX\n'),
    at: 'simian.yaml:5:13',
    says: 'calendar.holidays.region: "XX" is not a region of DE-BY that date-holidays knows (e.g. A, KATH, EVANG)',
  },
  {
    name: 'holiday region without a state',
    files: global('calendar:\n  holidays:\n    country: DE\n    region: A\n'),
    at: 'simian.yaml:4:13',
    says: 'calendar.holidays.region: a region needs its state (calendar.holidays.state)',
  },
  {
    name: 'empty tag prefix',
    files: global('tags:\n  prefix: ""\n'),
    at: 'simian.yaml:2:11',
    says: 'tags.prefix: must not be empty (the prefix of the opt-in tags, e.g. simian)',
  },
  {
    name: 'tag prefix with a colon',
    files: global('tags:\n  prefix: "simian:x"\n'),
    at: 'simian.yaml:2:11',
    says: 'tags.prefix: "simian:x" must not contain ":" or whitespace (the tags are <prefix>:<monkey>)',
  },
  {
    name: 'tag prefix with a space',
    files: global('tags:\n  prefix: "my simian"\n'),
    at: 'simian.yaml:2:11',
    says: 'must not contain ":" or whitespace',
  },
  {
    name: 'unclosed [ in a name glob',
    files: schedule('schedules:\n  - id: c\n    monkey: chaos\n    select:\n      - names: ["web-["]\n'),
    at: 'schedules/chaos.yaml:5:17',
    says: 'schedules.0.select.0.names.0: "web-[" is not a glob: [ opens a character class that never closes',
  },
  {
    name: 'reversed range in a tag glob of an exclude rule',
    files: schedule('schedules:\n  - id: c\n    monkey: chaos\n    exclude:\n      - tags: { team: "pay[z-a]" }\n'),
    at: 'schedules/chaos.yaml:5:23',
    says: '"pay[z-a]" is not a glob: the range z-a is backwards',
  },
  {
    name: 'endpoint URL of another scheme',
    files: global('endpointUrl: ftp://x\n'),
    at: 'simian.yaml:1:14',
    says: 'endpointUrl: "ftp://x" is not an http:// or https:// URL',
  },
  {
    name: 'webhook URL of another scheme',
    files: global('notifications:\n  webhooks:\n    - url: "file:///etc/passwd"\n'),
    at: 'simian.yaml:3:12',
    says: 'is not an http:// or https:// URL',
  },
  {
    name: 'zero concurrency',
    files: global('fleet:\n  concurrency: 0\n'),
    at: 'simian.yaml:2:16',
    says: 'fleet.concurrency: must be at least 1, got number 0',
  },
  {
    name: 'zero pacing capacity (not a whole number)',
    files: global('fleet:\n  pacing:\n    "ec2:TerminateInstances": { capacity: 0, refillPerSecond: 1 }\n'),
    at: 'simian.yaml:3:43',
    says: 'must be more than 0, got number 0',
  },
  {
    name: 'an alias bomb (billion laughs)',
    files: global(
      [
        'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
        'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
        '',
      ].join('\n'),
    ),
    at: 'simian.yaml:4:8',
    says: 'YAML alias *c expands too far',
  },
  // duplicates
  {
    name: 'duplicate account',
    files: global('accounts:\n  - id: "111122223333"\n  - id: "111122223333"\n    alias: again\n'),
    at: 'simian.yaml:3:9',
    says: 'accounts.1.id: account "111122223333" is already listed (accounts.0)',
  },
  {
    name: 'duplicate schedule ids across files',
    files: {
      'schedules/a.yaml': 'schedules:\n  - id: daily\n    monkey: chaos\n',
      'schedules/b.yaml': 'schedules:\n  - id: other\n    monkey: chaos\n  - id: daily\n    monkey: chaos\n',
    },
    at: 'schedules/b.yaml:4:9',
    says: 'duplicate schedule id "daily" (first defined at schedules/a.yaml:2)',
  },
  {
    name: 'duplicate schedule ids in one file',
    files: schedule('schedules:\n  - id: daily\n    monkey: chaos\n  - id: daily\n    monkey: chaos\n'),
    at: 'schedules/chaos.yaml:4:9',
    says: 'duplicate schedule id "daily" (first defined at schedules/chaos.yaml:2)',
  },
];

describe('malformed configuration names file:line:col and the problem', () => {
  it.each(cases)('$name', ({ files, at, says }) => {
    const [first] = problemsOf(files);
    expect(first).toBeDefined();
    expect(`${first?.file}:${first?.line}:${first?.col}`).toBe(at);
    if (typeof says === 'string') expect(first?.message).toContain(says);
    else expect(first?.message).toMatch(says);
  });

  it('lists every problem of a file, one per line, the first line saying how many', () => {
    const files = global('armed: maybe\nregions: [nowhere]\n');
    const problems = problemsOf(files);
    expect(problems.map((problem) => `${problem.file}:${problem.line}:${problem.col}`)).toEqual([
      'simian.yaml:1:8',
      'simian.yaml:2:11',
    ]);
    expect(() => loadConfig({ cwd: writeTree(files), env: {} })).toThrow(
      [
        'invalid configuration: 2 problems',
        '  simian.yaml:1:8: armed: expected boolean, got the text "maybe"',
        '  simian.yaml:2:11: regions.0: "nowhere" is not an AWS region (expected e.g. us-east-1)',
      ].join('\n'),
    );
  });

  it('reports a -c file that does not exist', () => {
    const [first] = problemsOf({}, { configPath: 'missing.yaml' });
    expect(first?.file).toBe('missing.yaml');
    expect(first?.message).toBe('cannot read: file not found');
  });

  it('reports monkey parameter problems at the params node', () => {
    const files = schedule('schedules:\n  - id: c\n    monkey: chaos\n    params:\n      probability: 2\n');
    const [first] = problemsOf(files, {
      monkeys: {
        names: ['chaos'],
        paramsProblems: (monkey, params) =>
          monkey === 'chaos' && params.probability === 2 ? ['probability: too high'] : [],
      },
    });
    expect(`${first?.file}:${first?.line}:${first?.col}`).toBe('schedules/chaos.yaml:5:7');
    expect(first?.message).toBe('schedules.0.params: probability: too high (monkey chaos)');
  });
});
