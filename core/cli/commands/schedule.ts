import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { type CommonOptions, withCommonOptions } from '../options.js';

interface ScheduleOptions extends CommonOptions {
  date?: string;
}

/** `simian schedule [--date d] [--json]`: the day's planned runs and the job schedulers, read from Redis. */
export function register(program: Command): void {
  withCommonOptions(program.command('schedule').description("Show a day's planned runs and every scheduled monkey run"))
    .option('--date <YYYY-MM-DD>', 'the day to show (default: today in the calendar time zone)')
    .action(async (options: ScheduleOptions) => {
      if (options.date !== undefined) {
        const { isoDate } = await import('../../config/values.js');
        const checked = isoDate.safeParse(options.date);
        // '"2024-13-45" is not a date that exists (expected YYYY-MM-DD)', as in the config.
        if (!checked.success) throw new InputError(`--date ${checked.error.issues[0]?.message}`);
      }
      const [{ dayOf }, { openFleetQueue }, { formatScheduleView, readScheduleView }, { openCliContext }] =
        await Promise.all([
          import('../../queue/daily-plan-job.js'),
          import('../../queue/fleet-queue.js'),
          import('../../queue/schedule-view.js'),
          import('../context.js'),
        ]);
      const context = openCliContext(options);
      const { global } = context.config;
      let queue: ReturnType<typeof openFleetQueue> | undefined;
      try {
        const redis = await context.reachableRedis();
        queue = openFleetQueue(global, redis);
        const day = options.date ?? dayOf(new Date(), global.calendar.timezone);
        const view = await readScheduleView(redis, queue, global.redis.prefix, day);
        process.stdout.write(
          options.json ? `${JSON.stringify(view, null, 2)}\n` : formatScheduleView(view, global.calendar.timezone),
        );
      } finally {
        await queue?.close();
        await context.close();
      }
    });
}
