import type { Command } from 'commander';
import { SEVERITIES, type Severity } from '../../config/notifications-schema.js';
import { InputError, RuntimeFailure } from '../../errors.js';
import { type Alert, type AlertReport, type ChannelOutcome, delivered } from '../../notify/alert.js';
import { type CommonOptions, withCommonOptions } from '../options.js';

interface AlertOptions extends CommonOptions {
  cluster?: string;
  severity?: string;
  desc?: string;
  incidentKey?: string;
  details?: string;
  owner?: string;
  monkey?: string;
  resolve?: string;
  channel?: string;
}

/** The alert the flags describe, or one sentence saying what is wrong (exit 2). */
function alertFrom(options: AlertOptions): Alert {
  const missing = (['cluster', 'severity', 'desc', 'incidentKey'] as const).filter((key) => !options[key]?.trim());
  if (missing.length > 0) {
    const flags = missing.map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    throw new InputError(`missing ${flags.join(', ')} (or give --resolve <key>, or "alert test")`);
  }
  const severity = options.severity as Severity;
  if (!SEVERITIES.includes(severity)) {
    throw new InputError(`--severity "${options.severity}" is not one of ${SEVERITIES.join(', ')}`);
  }
  let details: unknown;
  if (options.details !== undefined) {
    try {
      details = JSON.parse(options.details);
    } catch {
      throw new InputError(`--details is not JSON (text must be quoted: --details '"some text"')`);
    }
  }
  return {
    cluster: options.cluster as string,
    severity,
    desc: options.desc as string,
    incidentKey: options.incidentKey as string,
    ...(details !== undefined ? { details } : {}),
    ...(options.owner ? { owner: options.owner } : {}),
    ...(options.monkey ? { monkey: options.monkey } : {}),
  };
}

function line(outcome: ChannelOutcome): string {
  switch (outcome.status) {
    case 'sent':
      return `${outcome.channel}: sent${outcome.attempts > 1 ? ` (after ${outcome.attempts} attempts)` : ''}`;
    case 'deduplicated':
      return `${outcome.channel}: deduplicated (already delivered within the dedup window)`;
    case 'rate-limited':
      return `${outcome.channel}: refused: ${outcome.reason}`;
    default:
      return `${outcome.channel}: failed${outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : ''}: ${outcome.reason}`;
  }
}

/**
 * One sentence for a report some channel did not take: a refusal by rate limits says when to try again (the channels
 * that took it dedup the retry); a failure counts the channels.
 */
function notDelivered(report: AlertReport): string {
  const missing = report.outcomes.filter((o) => o.status === 'failed' || o.status === 'rate-limited');
  const limited = missing.filter((o) => o.status === 'rate-limited');
  if (limited.length < missing.length) return `${missing.length} of ${report.outcomes.length} channels did not get it`;
  const wait = Math.max(1, Math.ceil(Math.max(...limited.map((o) => o.retryAfterMs ?? 0)) / 1000));
  const reasons = [...new Set(limited.map((o) => o.reason))].join(', ');
  return `${limited.map((o) => o.channel).join(', ')} refused it: ${reasons}; try again in ${wait} s`;
}

/**
 * `simian alert …`, the talk's gateway.send from a shell: delivers itself (no worker), waits for each channel's
 * outcome with its retries, one line per channel, exit 1 when a channel finally did not get it.
 */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('alert')
      .description('send an alert to every routed channel (deduplicated by incident key), resolve one, or test them')
      .argument('[test]', '"test": send a test message to each configured channel'),
  )
    .option('--cluster <name>', 'where: the cluster, application or group')
    .option('--severity <level>', `one of ${SEVERITIES.join(', ')}`)
    .option('--desc <text>', 'what happened, one sentence')
    .option('--incident-key <key>', 'one incident however often sent: delivered once per channel per dedup window')
    .option('--details <json>', 'more about it, as JSON')
    .option('--owner <owner>', 'who owns it (routes per owner; SES mails an owner address)')
    .option('--monkey <name>', 'the monkey it is from (routes per monkey)')
    .option('--resolve <key>', 'tell the channels that incident cleared')
    .option('--channel <name>', 'with "test": only this channel')
    .action(async (test: string | undefined, options: AlertOptions) => {
      if (test !== undefined && test !== 'test') throw new InputError(`unknown argument "${test}" (expected "test")`);
      if (options.channel && !test) throw new InputError('--channel goes with "alert test"');
      if (test && options.resolve) throw new InputError('give either "alert test" or --resolve <key>, not both');
      const alert = test || options.resolve ? undefined : alertFrom(options);
      const [{ openCliContext }, { closeRedis, openOneShotRedis }, { timelineFromConfig }, { alertGatewayFromConfig }] =
        await Promise.all([
          import('../context.js'),
          import('../../redis/connection.js'),
          import('../../events/timeline.js'),
          import('../../notify/from-config.js'),
        ]);
      const context = openCliContext(options);
      const { global } = context.config;
      // Without Redis the gateway still delivers, undeduplicated.
      const redis = openOneShotRedis(global.redis, context.logger);
      // A Redis that accepts the connection and never answers would hold every dedup step: dropped after one PING.
      const { safetyCall } = await import('../../redis/redis-call.js');
      await safetyCall(redis, (connection) => connection.ping()).catch(() => redis.disconnect());
      try {
        const gateway = alertGatewayFromConfig({
          config: global,
          clients: context.clients,
          redis,
          events: timelineFromConfig(redis, global),
          logger: context.logger,
        });
        const names = gateway.channelNames;
        if (names.length === 0)
          throw new InputError('no notification channel is configured (notifications in simian.yaml)');
        if (options.channel && !names.includes(options.channel)) {
          throw new InputError(`unknown channel "${options.channel}" (configured: ${names.join(', ')})`);
        }
        let report: AlertReport;
        if (test) report = await gateway.test(options.channel);
        else if (options.resolve) report = await gateway.resolve(options.resolve);
        else report = await gateway.send(alert as Alert);
        if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
        else
          process.stdout.write(
            report.outcomes.map((outcome) => `${line(outcome)}\n`).join('') || 'no channel routed\n',
          );
        if (!delivered(report)) throw new RuntimeFailure(notDelivered(report));
      } finally {
        await closeRedis(redis);
        await context.close();
      }
    });
}
