import type { Command } from 'commander';
import type { RevertDeps, RevertResult } from '../../actuator/revert-apply.js';
import type { RevertRecord } from '../../actuator/revert-registry.js';
import { InputError } from '../../errors.js';
import { type CommonOptions, withCommonOptions } from '../options.js';

interface RevertOptions extends CommonOptions {
  due?: boolean;
  list?: boolean;
  run?: string;
  group?: string;
}

function listLine(record: RevertRecord): string {
  const due = record.dueAt ?? 'on demand';
  return `${record.id}  ${record.status.padEnd(8)}  due ${due}  ${record.spec.kind} ${record.spec.resource}  (undoes ${record.meta.appliedKind}, run ${record.meta.runId})`;
}

/**
 * `--run <id>` [--group <name>]: the open reverts of a run, or the one open revert with that revert id (the id
 * `--list` shows first). An id that names neither is bad input: saying "nothing to revert" would hide a typo.
 */
async function revertChosen(options: RevertOptions, deps: RevertDeps): Promise<RevertResult[]> {
  const { applyRevert, revertNow } = await import('../../actuator/revert-apply.js');
  if (options.run === undefined) return revertNow({ group: options.group }, deps);
  const open = await deps.registry.pending();
  const inGroup = (record: RevertRecord) => options.group === undefined || record.meta.group === options.group;
  if (open.some((record) => record.meta.runId === options.run)) {
    return revertNow({ runId: options.run, group: options.group }, deps);
  }
  const byId = open.find((record) => record.id === options.run);
  if (byId) return inGroup(byId) ? [await applyRevert(byId.id, deps)] : [];
  throw new InputError(
    `no revert with id ${options.run}: no open revert has that run id or revert id (simian revert --list shows them)`,
  );
}

function resultLine(result: RevertResult): string {
  return `${result.id}  ${result.status.padEnd(7)}  ${result.detail}`;
}

/**
 * `simian revert --list | --due | --run <id>`: shows open reverts, applies those past their deadline, or applies a
 * run's reverts (or one revert) now. Reverts restore the normal state, so they run whatever the kill switch says.
 */
export function register(program: Command): void {
  withCommonOptions(program.command('revert').description('list open reverts, or apply due (or chosen) reverts now'))
    .option('--list', 'list reverts that are still open')
    .option('--due', 'apply every revert whose deadline has passed')
    .option(
      '--run <id>',
      'apply now, before their deadline, the open reverts of one run (run id) or one revert (rv-...)',
    )
    .option('--group <name>', 'with --run or alone: apply the open reverts of one group now')
    .action(async (options: RevertOptions) => {
      const modes = [options.list, options.due, options.run !== undefined || options.group !== undefined].filter(
        Boolean,
      );
      if (modes.length !== 1) throw new InputError('give exactly one of --list, --due, or --run <id> / --group <name>');
      const [
        { TokenBucketPacer },
        { applyDueReverts },
        { RevertRegistry },
        { systemClock },
        { timelineFromConfig },
        cli,
        { alertGatewayFromConfig },
      ] = await Promise.all([
        import('../../actuator/pacer.js'),
        import('../../actuator/revert-apply.js'),
        import('../../actuator/revert-registry.js'),
        import('../../clock.js'),
        import('../../events/timeline.js'),
        import('../context.js'),
        import('../../notify/from-config.js'),
      ]);
      const context = cli.openCliContext(options);
      const { global } = context.config;
      try {
        const redis = await context.reachableRedis();
        const registry = new RevertRegistry(redis, { prefix: global.redis.prefix });
        if (options.list) {
          const open = await registry.pending();
          process.stdout.write(
            options.json
              ? `${JSON.stringify({ reverts: open })}\n`
              : `${open.map(listLine).join('\n') || 'no open reverts'}\n`,
          );
          return;
        }
        const events = timelineFromConfig(redis, global);
        const alerts = alertGatewayFromConfig({
          config: global,
          clients: context.clients,
          redis,
          events,
          logger: context.logger,
        });
        const deps: RevertDeps = {
          registry,
          clients: context.clients,
          pacer: new TokenBucketPacer(),
          events,
          logger: context.logger,
          clock: systemClock,
          alerts,
        };
        const results = options.due ? await applyDueReverts(deps) : await revertChosen(options, deps);
        // A failed revert's alert is delivered before the command ends.
        await alerts.flush();
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ results: results.map(({ record: _record, ...result }) => result) })}\n`
            : `${results.map(resultLine).join('\n') || 'nothing to revert'}\n`,
        );
        if (results.some((result) => result.status === 'failed')) process.exitCode = 1;
      } finally {
        await context.close();
      }
    });
}
