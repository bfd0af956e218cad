import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { runCliCaptured } from '../../core/cli/capture-cli.js';
import { globalConfigSchema } from '../../core/config/schema.js';
import { RedisTimeline } from '../../core/events/timeline.js';
import { FleetMetrics } from '../../core/http/metrics.js';
import { startHttpServer } from '../../core/http/server.js';
import { createLogger } from '../../core/log.js';
import { alertGatewayFromConfig } from '../../core/notify/from-config.js';
import { openFleetQueue } from '../../core/queue/fleet-queue.js';
import { ALWAYS_OPEN_CALENDAR } from '../../core/sandbox/always-open-calendar.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { runBuiltCli } from './processes.js';
import { Losses, type ScenarioResult, type TortureContext } from './scenario.js';

const REGION = 'eu-central-1';
const ZONES = ['eu-central-1a', 'eu-central-1b'];
const TOKEN = 'torture-bearer-token-0123456789';
// fast-check's seed: the same corpus on every run, so a loss is reproducible.
const SEED = 20_261_202;
// Commander's own hint after a usage error; the message itself is the line before it.
const USAGE_HINT = /^\((run with --help for usage|Did you mean .*\?)\)$/;

/** A config file a user could write: valid except for `bad`, merged over it. */
interface YamlCase {
  readonly label: string;
  /** The text of simian.yaml (a broken document is a string, not an object). */
  readonly text: string;
  /** Files of schedules/ beside it. */
  readonly schedules?: string;
}

/** Lower-case words that are no key of simian.yaml (a typo of one). */
const unknownKey = fc
  .stringMatching(/^[a-z][a-zA-Z]{2,11}$/)
  .filter((key) => !Object.keys(globalConfigSchema.shape).includes(key));
const notInteger = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
  fc.string({ minLength: 1, maxLength: 8 }),
  fc.boolean(),
);
const negative = fc.integer({ min: -1_000_000, max: -1 });

/** One bad value at one path; everything else is a valid config. */
const BAD_FIELDS: readonly [string, fc.Arbitrary<unknown>][] = [
  ['armed', fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null))],
  ['caps.maxPerRun', fc.oneof(negative, notInteger)],
  ['caps.maxPercentPerGroup', fc.oneof(fc.integer({ min: 101, max: 1e6 }), negative)],
  ['caps.minTimeBetweenKills', fc.stringMatching(/^[0-9]{1,3}(parsecs|weeks|x|)$/).filter((s) => !/^[0-9]+$/.test(s))],
  ['calendar.timezone', fc.stringMatching(/^[A-Z][a-z]{3,9}$/).map((city) => `Nowhere/${city}`)],
  ['calendar.start', fc.stringMatching(/^(2[4-9]|[3-9][0-9]):[0-5][0-9]$/)],
  ['calendar.days', fc.stringMatching(/^[a-z]{5,8}$/).map((day) => [day])],
  ['regions', fc.stringMatching(/^[a-z]{2}-[a-z]{4,9}$/).map((region) => [region])],
  ['redis.url', fc.webUrl()],
  ['fleet.concurrency', fc.oneof(fc.integer({ min: -100, max: 0 }), notInteger)],
  ['fleet.queue', fc.stringMatching(/^[a-z]{1,5}:[a-z]{1,5}$/)],
  ['aws.maxAttempts', fc.oneof(fc.integer({ min: 11, max: 1e6 }), fc.integer({ min: -100, max: 0 }))],
  ['http.port', fc.integer({ min: 65_536, max: 1e7 })],
  ['http.token', fc.string({ minLength: 1, maxLength: 15 })],
  ['events.maxLength', fc.integer({ min: -1000, max: 0 })],
  ['accounts', fc.stringMatching(/^[0-9]{1,11}$/).map((id) => [{ id }])],
];

function setPath(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  if (rest.length === 0) return { ...target, [head]: value };
  return { ...target, [head]: setPath((target[head] as Record<string, unknown>) ?? {}, rest.join('.'), value) };
}

function generatedYaml(count: number): YamlCase[] {
  const cases: YamlCase[] = [];
  const perField = Math.ceil(count / (BAD_FIELDS.length + 1));
  BAD_FIELDS.forEach(([path, bad], index) => {
    for (const value of fc.sample(bad, { numRuns: perField, seed: SEED + index })) {
      cases.push({ label: `${path}: ${JSON.stringify(value)}`, text: stringify(setPath({}, path, value)) });
    }
  });
  for (const key of fc.sample(unknownKey, { numRuns: perField, seed: SEED })) {
    cases.push({ label: `unknown key ${key}`, text: stringify({ [key]: true }) });
  }
  return cases.slice(0, count);
}

const schedule = (entry: Record<string, unknown>) =>
  stringify({ schedules: [{ id: 'one', monkey: 'chaos', ...entry }] });

const HANDWRITTEN_YAML: readonly YamlCase[] = [
  { label: 'unclosed flow sequence', text: 'regions: [us-east-1\n' },
  { label: 'unclosed flow mapping', text: 'caps: { maxPerRun: 1\n' },
  { label: 'tab indentation', text: 'caps:\n\tmaxPerRun: 1\n' },
  { label: 'duplicate key', text: 'armed: false\narmed: true\n' },
  { label: 'a list, not a mapping', text: '- armed\n- true\n' },
  { label: 'a number, not a mapping', text: '42\n' },
  { label: 'plain text', text: 'just some words\n' },
  { label: 'unterminated quote', text: 'redis:\n  url: "redis://127.0.0.1\n' },
  { label: 'bad alias', text: 'armed: *nowhere\n' },
  { label: 'two documents', text: 'armed: false\n---\narmed: true\n' },
  { label: 'typo armd', text: 'armd: true\n' },
  { label: 'typo maxPerRn', text: 'caps:\n  maxPerRn: 1\n' },
  { label: 'redis as a string', text: 'redis: redis://127.0.0.1:6379\n' },
  { label: 'calendar end before start', text: 'calendar: { start: "17:00", end: "09:00" }\n' },
  { label: 'account listed twice', text: 'accounts:\n  - id: "123456789012"\n  - id: "123456789012"\n' },
  { label: 'role arn not an arn', text: 'accounts:\n  - id: "123456789012"\n    roleArn: admin\n' },
  { label: 'endpointUrl not a url', text: 'endpointUrl: moto\n' },
  { label: 'aws.requestTimeout forever', text: 'aws: { requestTimeout: forever }\n' },
  {
    label: 'fleet.pacing without capacity',
    text: 'fleet: { pacing: { "ec2:TerminateInstances": { capacity: 5 } } }\n',
  },
  { label: 'binary junk', text: '\u0000\u0001\u0002: \u0003\n' },
  { label: 'schedule: unknown monkey', text: '{}\n', schedules: schedule({ monkey: 'godzilla' }) },
  { label: 'schedule: monkey name with capitals', text: '{}\n', schedules: schedule({ monkey: 'Chaos' }) },
  { label: 'schedule: id with a colon', text: '{}\n', schedules: schedule({ id: 'a:b' }) },
  { label: 'schedule: bad cron', text: '{}\n', schedules: schedule({ cron: '61 * * * *' }) },
  { label: 'schedule: every too short', text: '{}\n', schedules: schedule({ every: '5s' }) },
  { label: 'schedule: cron and every', text: '{}\n', schedules: schedule({ cron: '0 9 * * *', every: '1h' }) },
  { label: 'schedule: unknown param', text: '{}\n', schedules: schedule({ params: { fault: 'explode' } }) },
  { label: 'schedule: armed as text', text: '{}\n', schedules: schedule({ armed: 'yes' }) },
  { label: 'schedule: schedules not a list', text: '{}\n', schedules: 'schedules: chaos\n' },
  { label: 'schedule: broken YAML', text: '{}\n', schedules: 'schedules: [\n' },
];

interface CliCase {
  readonly label: string;
  readonly argv: readonly string[];
}

const zoneLike = fc
  .stringMatching(/^[a-z]{2}-[a-z]{3,9}-[0-9][a-z]?$/)
  .filter((s) => !/^[a-z]{2}-[a-z]+-[0-9][a-z]$/.test(s));

/** Flags and arguments a person could mistype, generated (seeded) and hand-written. */
function cliCases(config: string, count: number): CliCase[] {
  const handwritten: CliCase[] = [
    { label: 'no such command', argv: ['godzilla'] },
    { label: 'gorilla without --zone', argv: ['gorilla', '-c', config] },
    { label: 'gorilla --zone not a zone', argv: ['gorilla', '--zone', 'moon', '-c', config] },
    { label: 'gorilla --mode unknown', argv: ['gorilla', '--zone', 'eu-central-1a', '--mode', 'nuke', '-c', config] },
    {
      label: 'gorilla --duration 0',
      argv: ['gorilla', '--zone', 'eu-central-1a', '--mode', 'exclude', '--duration', '0', '-c', config],
    },
    {
      label: 'gorilla --duration 13h',
      argv: ['gorilla', '--zone', 'eu-central-1a', '--mode', 'exclude', '--duration', '13h', '-c', config],
    },
    {
      label: 'gorilla zone outside --region',
      argv: ['gorilla', '--zone', 'eu-central-1a', '--region', 'us-east-1', '-c', config],
    },
    {
      label: 'gorilla --region twice',
      argv: ['gorilla', '--zone', 'eu-central-1a', '--region', 'eu-central-1', '--region', 'eu-west-1', '-c', config],
    },
    { label: 'chaos --fault unknown', argv: ['chaos', '--fault', 'explode', '-c', config] },
    { label: 'chaos --grouping unknown', argv: ['chaos', '--grouping', 'team', '-c', config] },
    { label: 'chaos --duration text', argv: ['chaos', '--fault', 'stop', '--duration', 'a while', '-c', config] },
    { label: 'chaos --schedule unknown', argv: ['chaos', '--schedule', 'nope', '-c', config] },
    { label: 'chaos --region not a region', argv: ['chaos', '--region', 'mars', '-c', config] },
    { label: 'chaos --config missing', argv: ['chaos', '-c', '/nonexistent/simian.yaml'] },
    { label: 'kong --record malformed', argv: ['kong', '--record', 'nothing', '-c', config] },
    { label: 'kong --duration 1s', argv: ['kong', '--record', 'Z1:a.example.com', '--duration', '1s', '-c', config] },
    { label: 'latency --delay 11s', argv: ['latency', '--delay', '11s', '-c', config] },
    { label: 'latency --loss 80', argv: ['latency', '--loss', '80', '-c', config] },
    { label: 'latency --to not a cidr', argv: ['latency', '--to', '10.0.0.0/99', '-c', config] },
    { label: 'latency --port 70000', argv: ['latency', '--port', '70000', '-c', config] },
    { label: 'latency --count 0', argv: ['latency', '--count', '0', '-c', config] },
    { label: 'killswitch maybe', argv: ['killswitch', 'maybe', '-c', config] },
    { label: 'killswitch no state', argv: ['killswitch', '-c', config] },
    { label: 'events --since garbage', argv: ['events', '--since', 'the dawn of time', '-c', config] },
    { label: 'events --limit -1', argv: ['events', '--limit', '-1', '-c', config] },
    { label: 'schedule --date 2026-13-40', argv: ['schedule', '--date', '2026-13-40', '-c', config] },
    { label: 'revert --run and --due', argv: ['revert', '--run', 'x', '--due', '-c', config] },
    {
      label: 'alert without severity',
      argv: ['alert', '--cluster', 'c', '--desc', 'd', '--incident-key', 'k', '-c', config],
    },
    {
      label: 'alert --details not JSON',
      argv: [
        'alert',
        '--cluster',
        'c',
        '--severity',
        'info',
        '--desc',
        'd',
        '--incident-key',
        'k',
        '--details',
        '{',
        '-c',
        config,
      ],
    },
    {
      label: 'alert --severity loud',
      argv: ['alert', '--cluster', 'c', '--severity', 'loud', '--desc', 'd', '--incident-key', 'k', '-c', config],
    },
    { label: 'validate --print-schema nothing', argv: ['validate', '--print-schema', 'nothing'] },
    { label: 'inventory --monkey unknown', argv: ['inventory', '--monkey', 'godzilla', '-c', config] },
    { label: 'worker --concurrency 0', argv: ['worker', '--concurrency', '0', '-c', config] },
    { label: 'serve --port 99999', argv: ['serve', '--port', '99999', '-c', config] },
    { label: 'up --port text', argv: ['up', '--port', 'eighty', '-c', config] },
    { label: 'demo --for forever', argv: ['demo', '--for', 'forever'] },
  ];
  const generated: CliCase[] = [];
  const rest = Math.max(0, count - handwritten.length);
  const third = Math.ceil(rest / 3);
  for (const flag of fc.sample(fc.stringMatching(/^--[a-z]{3,10}(-[a-z]{2,6})?$/), { numRuns: third, seed: SEED })) {
    generated.push({ label: `chaos ${flag}`, argv: ['chaos', flag, '-c', config] });
  }
  for (const zone of fc.sample(zoneLike, { numRuns: third, seed: SEED + 1 })) {
    generated.push({ label: `gorilla --zone ${zone}`, argv: ['gorilla', '--zone', zone, '-c', config] });
  }
  const badDuration = fc.oneof(
    fc.stringMatching(/^[0-5]?[0-9](s|ms)$/),
    fc.stringMatching(/^(1[3-9]|[2-9][0-9])h$/),
    fc.string({ minLength: 1, maxLength: 6 }).filter((s) => !/^[0-9]+[smhd]?$/.test(s.trim()) && !s.startsWith('-')),
  );
  for (const duration of fc.sample(badDuration, { numRuns: third, seed: SEED + 2 })) {
    generated.push({
      label: `chaos --duration ${JSON.stringify(duration)}`,
      argv: ['chaos', '--fault', 'stop', '--duration', duration, '-c', config],
    });
  }
  return [...handwritten, ...generated.slice(0, rest)];
}

interface HttpCase {
  readonly label: string;
  readonly body: string;
  readonly contentType?: string;
}

const GOOD_ALERT = { cluster: 'pycon', severity: 'warning', desc: 'd', incident_key: 'k' };

function httpCases(count: number): HttpCase[] {
  const handwritten: HttpCase[] = [
    { label: 'empty body', body: '' },
    { label: 'not JSON', body: '{' },
    { label: 'JSON null', body: 'null' },
    { label: 'JSON array', body: '[]' },
    { label: 'JSON number', body: '42' },
    { label: 'form body', body: 'cluster=pycon', contentType: 'application/x-www-form-urlencoded' },
    { label: 'text body', body: 'hello', contentType: 'text/plain' },
    { label: 'over the size limit', body: JSON.stringify({ ...GOOD_ALERT, desc: 'x'.repeat(70_000) }) },
    { label: 'extra field', body: JSON.stringify({ ...GOOD_ALERT, extra: 1 }) },
    { label: 'severity unknown', body: JSON.stringify({ ...GOOD_ALERT, severity: 'loud' }) },
    { label: 'severity a number', body: JSON.stringify({ ...GOOD_ALERT, severity: 3 }) },
    { label: 'desc empty', body: JSON.stringify({ ...GOOD_ALERT, desc: '' }) },
    { label: 'incident_key missing', body: JSON.stringify({ ...GOOD_ALERT, incident_key: undefined }) },
    { label: 'cluster an object', body: JSON.stringify({ ...GOOD_ALERT, cluster: {} }) },
    { label: 'owner empty', body: JSON.stringify({ ...GOOD_ALERT, owner: '' }) },
    { label: 'deeply nested', body: `${'['.repeat(5000)}${']'.repeat(5000)}` },
    { label: '__proto__ key', body: '{"__proto__": {"cluster": "x"}, "severity": "info"}' },
  ];
  const fields = ['cluster', 'severity', 'desc', 'incident_key', 'owner'] as const;
  const badValue = fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 2 }),
    fc.constant(''),
  );
  const mutated = fc.tuple(fc.constantFrom(...fields), badValue).map(([field, value]) => ({
    label: `${field}: ${JSON.stringify(value)}`,
    body: JSON.stringify({ ...GOOD_ALERT, [field]: value }),
  }));
  const junk = fc
    .jsonValue()
    .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value) || !('cluster' in value))
    .map((value) => ({ label: `junk ${JSON.stringify(value).slice(0, 40)}`, body: JSON.stringify(value) }));
  const rest = Math.max(0, count - handwritten.length);
  return [
    ...handwritten,
    ...fc.sample(mutated, { numRuns: Math.ceil(rest / 2), seed: SEED }),
    ...fc.sample(junk, { numRuns: Math.floor(rest / 2), seed: SEED + 1 }),
  ].slice(0, count);
}

/** What the person saw on stderr is one clear sentence: one line (commander may add its usage hint), no stack. */
function oneSentence(stderr: string): string | undefined {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '' && !USAGE_HINT.test(line));
  if (lines.length === 0) return 'said nothing on stderr';
  if (lines.some((line) => /^\s+at /.test(line))) return 'printed a stack trace';
  if (lines.length > 1) return `printed ${lines.length} lines: ${JSON.stringify(lines.slice(0, 3))}`;
  return undefined;
}

async function instanceStates(context: TortureContext): Promise<string> {
  const answer = await context.clients.ec2({ region: REGION }).send(new DescribeInstancesCommand({}));
  return (answer.Reservations ?? [])
    .flatMap((reservation) => reservation.Instances ?? [])
    .map((instance) => `${instance.InstanceId}:${instance.State?.Name}`)
    .sort()
    .join(',');
}

/**
 * The bad-input corpus: malformed simian.yaml and schedule files, mistyped CLI invocations (in-process, a handful as
 * real processes) and bad HTTP bodies. Each must give one clear message, exit 2 / HTTP 4xx, no action, no crash.
 */
export async function tortureBadInput(context: TortureContext): Promise<ScenarioResult> {
  const losses = new Losses();
  const dir = mkdtempSync(join(tmpdir(), 'simian-torture-input-'));
  const prefix = `torture-input-${Date.now().toString(36)}`;
  // Armed and open all day: were a bad input to slip through to a run, it would act (and the state check catch it).
  const validConfig = join(dir, 'simian.yaml');
  writeFileSync(
    validConfig,
    stringify({
      armed: true,
      accounts: [{ id: '123456789012' }],
      regions: [REGION],
      redis: { url: context.redisUrl, prefix },
      endpointUrl: context.motoUrl,
      calendar: ALWAYS_OPEN_CALENDAR,
      aws: { maxAttempts: 1 },
    }),
  );
  await seedFleet(context.clients, {
    region: REGION,
    zones: ZONES,
    groups: [{ name: 'input-web', tags: { 'simian:all': 'enabled' }, instancesPerZone: 1 }],
    snapshots: 0,
  });
  const before = await instanceStates(context);

  // 1. YAML documents: `validate`, and an armed chaos run, must both refuse them.
  const yamlCases = [...HANDWRITTEN_YAML, ...generatedYaml(context.quick ? 130 : 170)];
  let yamlChecked = 0;
  for (const [index, yamlCase] of yamlCases.entries()) {
    const caseDir = join(dir, `yaml-${index}`);
    mkdirSync(join(caseDir, 'schedules'), { recursive: true });
    const path = join(caseDir, 'simian.yaml');
    writeFileSync(path, yamlCase.text);
    if (yamlCase.schedules) writeFileSync(join(caseDir, 'schedules', 'chaos.yaml'), yamlCase.schedules);
    const argvs = [['validate', '-c', path]];
    // Every tenth document also tries a real armed run.
    if (index % 10 === 0) argvs.push(['chaos', '--no-dry-run', '--yes', '-c', path, '--endpoint-url', context.motoUrl]);
    for (const argv of argvs) {
      const outcome = await runCliCaptured(argv);
      yamlChecked += 1;
      losses.expect(outcome.code === 2, `YAML ${yamlCase.label}: ${argv[0]} exited ${outcome.code}, not 2`);
      const problem = oneSentence(outcome.stderr);
      losses.expect(problem === undefined, `YAML ${yamlCase.label}: ${argv[0]} ${problem}`);
    }
  }

  context.progress(`bad input: ${yamlChecked} YAML runs done`);
  // 2. CLI invocations, in-process; a handful again as real processes.
  const cli = cliCases(validConfig, context.quick ? 100 : 140);
  for (const cliCase of cli) {
    const outcome = await runCliCaptured([...cliCase.argv]);
    losses.expect(outcome.code === 2, `CLI ${cliCase.label}: exited ${outcome.code}, not 2 (${outcome.stderr.trim()})`);
    const problem = oneSentence(outcome.stderr);
    losses.expect(problem === undefined, `CLI ${cliCase.label}: ${problem}`);
  }
  const real = cli.filter((_, index) => index % 9 === 0).slice(0, 5);
  for (const cliCase of real) {
    const outcome = await runBuiltCli(cliCase.argv);
    losses.expect(outcome.code === 2, `process ${cliCase.label}: exited ${outcome.code}, not 2`);
    const problem = oneSentence(outcome.stderr);
    losses.expect(problem === undefined, `process ${cliCase.label}: ${problem}`);
  }

  context.progress('bad input: CLI done');
  // 3. HTTP bodies to every POST route this build serves.
  const http = httpCases(context.quick ? 90 : 120);
  const redis = new Redis(context.redisUrl, { maxRetriesPerRequest: null });
  const global = globalConfigSchema.parse({ redis: { prefix }, http: { token: TOKEN } });
  const queue = openFleetQueue(global, redis);
  const logger = createLogger({ pretty: false, level: 'silent' });
  const events = new RedisTimeline(redis, { prefix });
  const alerts = alertGatewayFromConfig({ config: global, clients: context.clients, redis, events, logger });
  const config = { global, schedules: [], sources: [], files: [], loadedAt: new Date(), warnings: [] };
  const server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    config: () => config,
    redis,
    metrics: new FleetMetrics({ queue, redis }),
    logger,
    alerts,
  });
  const routes = ['/api/v1/alert', '/api/v1/alert/resolve'];
  let httpChecked = 0;
  try {
    for (const [index, httpCase] of http.entries()) {
      const route = routes[index % routes.length] as string;
      const response = await fetch(`${server.url}${route}`, {
        method: 'POST',
        headers: { 'content-type': httpCase.contentType ?? 'application/json', authorization: `Bearer ${TOKEN}` },
        body: httpCase.body,
      });
      httpChecked += 1;
      const text = await response.text();
      const label = `HTTP ${route} ${httpCase.label}`;
      losses.expect(response.status >= 400 && response.status < 500, `${label}: answered ${response.status}`);
      let error: unknown;
      try {
        error = (JSON.parse(text) as { error?: unknown; message?: unknown }).error ?? JSON.parse(text).message;
      } catch {
        error = undefined;
      }
      losses.expect(
        typeof error === 'string' && error.length > 0,
        `${label}: no error message in ${text.slice(0, 80)}`,
      );
      losses.expect(!/\n\s+at /.test(text), `${label}: a stack trace in the answer`);
    }
    const sent = await events.query({ limit: 10 });
    losses.expect(sent.length === 0, `HTTP: events recorded from bad bodies: ${sent.map((e) => e.type).join(', ')}`);
  } finally {
    await server.close();
    await queue.close();
    redis.disconnect();
  }

  const after = await instanceStates(context);
  losses.expect(before === after, 'an instance changed state during the bad-input corpus');
  rmSync(dir, { recursive: true, force: true });
  const total = yamlCases.length + cli.length + http.length;
  return {
    scenario: 'bad input',
    did: `${total} malformed inputs: ${yamlCases.length} YAML, ${cli.length} CLI (+${real.length} as processes), ${http.length} HTTP bodies`,
    figures: `${yamlChecked} CLI runs on YAML, ${httpChecked} HTTP posts; instances unchanged: ${before === after}`,
    losses: losses.list,
  };
}
