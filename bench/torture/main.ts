// `npm run torture [-- --quick] [-- bad-input faults ...]`: the fault suite for simian itself. Starts its own moto
// and Redis on free loopback ports, runs each scenario, prints one table of what it did and the figures, and exits 1
// when any scenario saw a loss (a wrong exit code, a stack trace, a double or missing action, a hang).
import { AwsClients } from '../../core/aws/clients.js';
import { renderTable } from '../../core/cli/table.js';
import { startMoto, startRedis } from '../../core/sandbox/peers.js';
import { tortureArmedFaults } from './armed-faults.js';
import { tortureBadInput } from './bad-input.js';
import { tortureClockJump } from './clock-jump.js';
import { tortureCluster } from './cluster.js';
import { tortureKillSwitch } from './kill-switch.js';
import { tortureRedisRestart } from './redis-restart.js';
import { tortureRevertKill } from './revert-kill.js';
import type { ScenarioResult, TortureContext } from './scenario.js';
import { tortureSentinelFailover } from './sentinel-failover.js';
import { tortureUnreachable } from './unreachable.js';
import { tortureWorkerKill } from './worker-kill.js';

const SCENARIOS: Record<string, (context: TortureContext) => Promise<ScenarioResult>> = {
  'bad-input': tortureBadInput,
  faults: tortureArmedFaults,
  unreachable: tortureUnreachable,
  'kill-switch': tortureKillSwitch,
  'worker-kill': tortureWorkerKill,
  'redis-restart': tortureRedisRestart,
  cluster: tortureCluster,
  'sentinel-failover': tortureSentinelFailover,
  'revert-kill': tortureRevertKill,
  'clock-jump': tortureClockJump,
};

function chosen(argv: readonly string[]): string[] {
  const names = argv.filter((arg) => !arg.startsWith('--'));
  const unknown = names.filter((name) => !(name in SCENARIOS));
  if (unknown.length > 0)
    throw new Error(`unknown scenario ${unknown.join(', ')} (choose from ${Object.keys(SCENARIOS).join(', ')})`);
  return names.length > 0 ? names : Object.keys(SCENARIOS);
}

const progress = (message: string) => process.stderr.write(`torture: ${message}\n`);

async function main(argv: readonly string[]): Promise<number> {
  const names = chosen(argv);
  const quick = argv.includes('--quick');
  const started = performance.now();
  const [moto, redis] = await Promise.all([startMoto(), startRedis()]);
  const clients = new AwsClients({ endpointUrl: moto.url, requestTimeoutMs: 60_000 });
  const results: ScenarioResult[] = [];
  try {
    for (const name of names) {
      progress(`running ${name}`);
      const scenarioStart = performance.now();
      const context: TortureContext = { motoUrl: moto.url, redisUrl: redis.url, clients, quick, progress };
      const result = await (SCENARIOS[name] as (context: TortureContext) => Promise<ScenarioResult>)(context).catch(
        (error: unknown): ScenarioResult => ({
          scenario: name,
          did: 'crashed',
          figures: '',
          losses: [`the scenario itself failed: ${error instanceof Error ? error.message : String(error)}`],
        }),
      );
      const seconds = ((performance.now() - scenarioStart) / 1000).toFixed(1);
      results.push({ ...result, figures: `${result.figures}${result.figures ? '; ' : ''}${seconds} s` });
    }
  } finally {
    clients.destroy();
    await Promise.all([moto.stop(), redis.stop()]);
  }
  const rows = results.map((result) => [
    result.scenario,
    result.did,
    result.figures,
    result.losses.length === 0 ? 'ok' : `${result.losses.length} LOST`,
  ]);
  process.stdout.write(`${renderTable(['scenario', 'what it did', 'figures', 'result'], rows)}\n`);
  for (const result of results)
    for (const loss of result.losses) process.stdout.write(`LOSS ${result.scenario}: ${loss}\n`);
  const total = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`torture${quick ? ' --quick' : ''}: ${results.length} scenarios in ${total} s\n`);
  return results.some((result) => result.losses.length > 0) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`torture: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
