import { getMonkey } from '../../monkeys/index.js';
import { runDeclared } from '../../monkeys/run-by-name.js';
import { systemClock } from '../clock.js';
import { findSchedule } from '../config/find-schedule.js';
import { noAccountSentence } from '../config/reach-warnings.js';
import { RefusedError } from '../errors.js';
import { type EventSink, MemoryEventSink } from '../events/event.js';
import { RedisTimeline } from '../events/timeline.js';
import type { RunReport } from '../plan/action.js';
import { countBySeverity, READ_FAILED_RULE, type Severity, severityRank } from '../plan/finding.js';
import { safetyCall } from '../redis/redis-call.js';
import { parseMonkeyParams } from '../run/params.js';
import { exitCodeOf } from '../run/run-monkey.js';
import { confirmTyped } from './confirm.js';
import { openCliContext } from './context.js';
import { mergeReports } from './merge-reports.js';
import type { MonkeyRunOptions } from './options.js';
import { progressLines } from './progress.js';
import { findingsCsv } from './render-findings.js';
import { renderReport, summaryLine } from './render-report.js';

/** One manual run of a monkey from the command line. */
export interface MonkeyCommandRun {
  readonly monkey: string;
  /** Absent: the first region of the config. */
  readonly region: string | undefined;
  /** Several regions (`--region a --region b`): each in turn, one report; `region` is then left out. */
  readonly regions?: readonly string[];
  readonly params: Record<string, unknown>;
  /** What an armed run without --yes asks to be typed back: { what: 'zone', expected: 'us-east-1a' }; absent: the region. */
  readonly confirm?: { readonly what: string; readonly expected: string };
  /** Report monkeys: which findings to show, how to print them, and how they set the exit code. */
  readonly findings?: FindingsView;
}

/** What a report command asks of its findings (`--rule`, `--severity`, `--csv`, `--exit-zero`). */
export interface FindingsView {
  readonly rules?: readonly string[];
  readonly threshold?: Severity;
  readonly exitZero?: boolean;
  readonly csv?: boolean;
}

/**
 * Keeps the findings the command asked for (rules, at or above the severity) and recounts the summary. A read that
 * failed is always kept: it says the rules asked for could not look.
 */
function viewFindings(report: RunReport, view: FindingsView | undefined): RunReport {
  if (!report.findings || !view) return report;
  const floor = severityRank(view.threshold ?? 'info');
  const findings = report.findings.filter(
    (finding) =>
      finding.rule === READ_FAILED_RULE ||
      (severityRank(finding.severity) >= floor && (!view.rules?.length || view.rules.includes(finding.rule))),
  );
  return {
    ...report,
    findings,
    summary: { ...report.summary, findings: findings.length, bySeverity: countBySeverity(findings) },
  };
}

/** The contract's --json document (the run's refusal included when there is one). */
export function jsonReport(report: RunReport): string {
  const { monkey, dryRun, target, actions, summary, refused, permissions, findings } = report;
  const skipped = report.skipped.map(({ resource, group, guard, reason }) => ({ resource, group, guard, reason }));
  return `${JSON.stringify(
    {
      monkey,
      dryRun,
      target,
      actions,
      skipped,
      ...(findings ? { findings } : {}),
      summary,
      ...(refused ? { refused } : {}),
      ...(permissions ? { permissions } : {}),
    },
    null,
    2,
  )}\n`;
}

/**
 * Runs one monkey once, in-process, the way `simian gorilla|kong|chaos` do: config, Redis (optional for a dry
 * run), the pipeline, then the plan table (or --json) on stdout, progress on stderr, and the contract's exit code.
 */
export async function runMonkeyCommand(options: MonkeyRunOptions, run: MonkeyCommandRun): Promise<number> {
  const ctx = openCliContext(options);
  const logger = ctx.logger;
  try {
    const global = ctx.config.global;
    // Bad parameters are refused before Redis or AWS is touched.
    const monkey = getMonkey(run.monkey);
    const entry = findSchedule(ctx.config, monkey.name, options.schedule);
    // The entry's params (Kong's records, say) go under the command line's, as runMonkey merges them.
    parseMonkeyParams(monkey.name, monkey.params, { ...entry?.params, ...run.params });
    // A config that lists no account is refused by every run: say what to add before reading AWS.
    const noAccount = noAccountSentence(global);
    if (noAccount) throw new RefusedError('account', `${noAccount}; nothing was read`);
    const redis = ctx.redis();
    const reachable = await safetyCall(redis, (connection) => connection.ping(), 2000).then(
      () => true,
      () => false,
    );
    const events: EventSink = reachable
      ? new RedisTimeline(redis, {
          prefix: global.redis.prefix,
          maxLength: global.events.maxLength,
          retentionMs: global.events.retention,
        })
      : new MemoryEventSink();
    // Actions that tell people (Doctor's notify-owner) go through the gateway; it needs Redis for its dedup ledger.
    const alerts = reachable
      ? (await import('../notify/from-config.js')).alertGatewayFromConfig({
          config: global,
          clients: ctx.clients,
          redis,
          events,
          logger,
        })
      : undefined;
    const regions = run.regions?.length ? run.regions : [run.region ?? (global.regions[0] as string)];
    const runs: RunReport[] = [];
    for (const [index, region] of regions.entries()) {
      // Each region's run confirms its own region; a group or zone stays what was asked for.
      const confirm = run.confirm ?? { what: 'region', expected: region };
      const ran = await runDeclared(
        {
          monkey: run.monkey,
          region,
          params: run.params,
          ...(entry ? { entry } : {}),
          manual: true,
          flagDryRun: options.dryRun,
          ...(options.verifyPermissions ? { verifyPermissions: true } : {}),
          // The account's global resources (Route 53, IAM) are read and reported once, with the first region.
          ...(index > 0 ? { globals: false } : {}),
        },
        {
          config: global,
          clients: ctx.clients,
          redis: reachable ? redis : null,
          events,
          clock: systemClock,
          logger,
          onProgress: progressLines(process.stderr),
          ...(alerts ? { alerts } : {}),
          ...(options.yes
            ? {}
            : {
                confirm: async (preview: RunReport) => {
                  // With --json the one document on stdout is the final report; the plan to confirm goes to stderr.
                  (options.json ? process.stderr : process.stdout).write(renderReport(preview));
                  return confirmTyped(confirm);
                },
              }),
        },
      );
      runs.push(ran);
      // Nothing more happens after a refusal: the regions left are named in the report.
      if (ran.refused) break;
    }
    await alerts?.flush();
    const report = viewFindings(mergeReports(runs, regions.slice(runs.length)), run.findings);
    const csv = !options.json && run.findings?.csv === true;
    process.stdout.write(
      options.json ? jsonReport(report) : csv ? findingsCsv(report.findings ?? []) : renderReport(report),
    );
    // The CSV holds only findings: a refusal still needs saying, where a person sees it.
    if (csv && report.refused) process.stderr.write(`simian: ${summaryLine(report)}\n`);
    return exitCodeOf(report, run.findings ?? {});
  } finally {
    await ctx.close();
  }
}
