import type { Command } from 'commander';
import { TokenBucketPacer } from '../../actuator/pacer.js';
import { applyDueReverts, type RevertResult, revertNow } from '../../actuator/revert-apply.js';
import { type RevertRecord, RevertRegistry } from '../../actuator/revert-registry.js';
import { systemClock } from '../../clock.js';
import { InputError } from '../../errors.js';
import { timelineFromConfig } from '../../events/timeline.js';
import { openCliContext } from '../context.js';
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

function resultLine(result: RevertResult): string {
  return `${result.id}  ${result.status.padEnd(7)}  ${result.detail}`;
}

/**
 * `simian revert --list | --due | --run <id>`: shows open reverts, applies those past their deadline, or applies a
 * run's reverts now. Reverts restore the normal state, so they run whatever the kill switch says.
 */
export function register(program: Command): void {
  withCommonOptions(program.command('revert').description('list open reverts, or apply due (or chosen) reverts now'))
    .option('--list', 'list reverts that are still open')
    .option('--due', 'apply every revert whose deadline has passed')
    .option('--run <runId>', 'apply the open reverts of one run now, before their deadline')
    .option('--group <name>', 'with --run or alone: apply the open reverts of one group now')
    .action(async (options: RevertOptions) => {
      const modes = [options.list, options.due, options.run !== undefined || options.group !== undefined].filter(
        Boolean,
      );
      if (modes.length !== 1)
        throw new InputError('give exactly one of --list, --due, or --run <runId> / --group <name>');
      const context = openCliContext(options);
      const { global } = context.config;
      const redis = context.redis();
      const registry = new RevertRegistry(redis, { prefix: global.redis.prefix });
      try {
        if (options.list) {
          const open = await registry.pending();
          process.stdout.write(
            options.json
              ? `${JSON.stringify({ reverts: open })}\n`
              : `${open.map(listLine).join('\n') || 'no open reverts'}\n`,
          );
          return;
        }
        const deps = {
          registry,
          clients: context.clients,
          pacer: new TokenBucketPacer(),
          events: timelineFromConfig(redis, global),
          logger: context.logger,
          clock: systemClock,
        };
        const results = options.due
          ? await applyDueReverts(deps)
          : await revertNow({ runId: options.run, group: options.group }, deps);
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
