import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { type CommonOptions, withCommonOptions } from '../options.js';

/** The janitor run's own options, which a restore does not take. */
interface JanitorOnly {
  report?: boolean;
  type?: string;
  csv?: boolean;
  schedule?: string;
  verifyPermissions?: boolean;
}

/**
 * `simian janitor restore <resource-id> [--dry-run | --no-dry-run] [--yes] [--json]`: brings back what the Janitor
 * deleted under that id, from its own record. Prints the plan (dry run) or what was restored, the new id AWS gave,
 * and exactly what cannot come back.
 */
export function registerRestore(janitor: Command): void {
  withCommonOptions(
    janitor
      .command('restore <resource-id>')
      .description(
        "restore what the Janitor deleted (a volume from its backup, an image from its snapshots, a group's, balancer's, target group's, security group's, interface's, address's or launch configuration's saved configuration); says what cannot be restored",
      ),
  ).action(async (resourceId: string, own: CommonOptions) => {
    // The janitor command parses the common options wherever they stand (before or after "restore"): take its answer.
    const { report, type, csv, schedule, verifyPermissions, ...common } = janitor.opts<JanitorOnly & CommonOptions>();
    if (report || type !== undefined || csv || schedule !== undefined || verifyPermissions) {
      throw new InputError(
        'janitor restore takes a resource id and the common options only (not --report, --type, --csv, --schedule, --verify-permissions)',
      );
    }
    const options: CommonOptions = { ...own, ...common };
    const regions = options.region ?? [];
    if (regions.length > 1)
      throw new InputError(`restore works in one region, but --region was given ${regions.length} times`);
    const [{ openCliContext }, { runRestore }, { RedisTimeline }, { systemClock }, { exitCodeOf }, render, confirm] =
      await Promise.all([
        import('../context.js'),
        import('../../../monkeys/janitor/restore.js'),
        import('../../events/timeline.js'),
        import('../../clock.js'),
        import('../../run/run-monkey.js'),
        import('../render-report.js'),
        import('../confirm.js'),
      ]);
    const { jsonReport } = await import('../monkey-command.js');
    const ctx = openCliContext(options);
    try {
      const global = ctx.config.global;
      const redis = ctx.redis();
      const events = new RedisTimeline(redis, {
        prefix: global.redis.prefix,
        maxLength: global.events.maxLength,
        retentionMs: global.events.retention,
      });
      const report = await runRestore(
        { resource: resourceId, region: regions[0] ?? (global.regions[0] as string), flagDryRun: options.dryRun },
        {
          config: global,
          clients: ctx.clients,
          redis,
          events,
          clock: systemClock,
          logger: ctx.logger,
          ...(options.yes
            ? {}
            : {
                confirm: async (preview) => {
                  (options.json ? process.stderr : process.stdout).write(render.renderReport(preview));
                  return confirm.confirmTyped({ what: 'resource id', expected: resourceId });
                },
              }),
        },
      );
      process.stdout.write(options.json ? jsonReport(report) : render.renderReport(report));
      process.exitCode = exitCodeOf(report);
    } finally {
      await ctx.close();
    }
  });
}
