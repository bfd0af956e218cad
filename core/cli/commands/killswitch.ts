import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { InputError, RuntimeFailure } from '../../errors.js';
import type { KillSwitchState } from '../../safety/kill-switch.js';
import { type CommonOptions, withCommonOptions } from '../options.js';

interface KillSwitchOptions extends CommonOptions {
  reason?: string;
  who?: string;
}

const STATES = ['on', 'off', 'status'];

/** Who is at the keyboard, when --who is not given. */
function currentUser(): string {
  try {
    return process.env.USER ?? userInfo().username;
  } catch {
    return 'unknown';
  }
}

async function print(state: KillSwitchState, json: boolean | undefined): Promise<void> {
  const { describeKillSwitch } = await import('../../safety/kill-switch.js');
  process.stdout.write(json ? `${JSON.stringify(state)}\n` : `kill switch is ${describeKillSwitch(state)}\n`);
}

/** `simian killswitch on|off|status`: one Redis key that stops every worker from starting a new action. */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('killswitch')
      .description('turn the kill switch on or off (stops every new action at once), or show its state')
      .argument('<state>', 'on, off or status'),
  )
    .option('--reason <text>', 'why (recorded with the change and on the timeline)')
    .option('--who <name>', 'who is changing it (default: the current user)')
    .action(async (state: string, options: KillSwitchOptions) => {
      if (!STATES.includes(state))
        throw new InputError(`unknown kill switch state "${state}" (expected on, off or status)`);
      const [
        { systemClock },
        { timelineFromConfig },
        { closeRedis, describeRedis, openOneShotRedis },
        { KillSwitch },
        redisCall,
        cli,
      ] = await Promise.all([
        import('../../clock.js'),
        import('../../events/timeline.js'),
        import('../../redis/connection.js'),
        import('../../safety/kill-switch.js'),
        import('../../redis/redis-call.js'),
        import('../context.js'),
      ]);
      const context = cli.openCliContext(options);
      const { global } = context.config;
      const redis = openOneShotRedis(global.redis, context.logger);
      const killSwitch = new KillSwitch({
        redis,
        prefix: global.redis.prefix,
        events: timelineFromConfig(redis, global),
        clock: systemClock,
        logger: context.logger,
      });
      try {
        if (state === 'status') return await print(await killSwitch.status(), options.json);
        const why = options.reason ?? 'no reason given';
        await print(await killSwitch.set(state === 'on', options.who ?? currentUser(), why), options.json);
      } catch (error) {
        if (error instanceof redisCall.RedisUnreachableError) {
          throw new RuntimeFailure(`cannot reach ${describeRedis(global.redis)}: ${error.message}`);
        }
        throw error;
      } finally {
        await closeRedis(redis);
        await context.close();
      }
    });
}
