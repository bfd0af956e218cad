import { alertGatewayFromConfig } from '../../core/notify/from-config.js';
import type { RunReport } from '../../core/plan/action.js';
import { newRunId } from '../../core/run/run-id.js';
import type { RunDeps, RunRequest } from '../../core/run/run-request.js';
import { type DigestSender, noticesOwed, sendNotices } from './notices.js';

export interface JanitorRunDeps extends RunDeps {
  /** Where owners' digests go; default the alert gateway as configured (needs Redis for its dedup ledger). */
  readonly notices?: DigestSender;
}

/** Two reports of one janitor run as one: the second only records notices and unmarks. */
function merged(first: RunReport, second: RunReport): RunReport {
  const actions = [...first.actions, ...second.actions];
  const skipped = [...first.skipped, ...second.skipped];
  const count = (status: string) => actions.filter((action) => action.status === status).length;
  return {
    ...first,
    actions,
    skipped,
    summary: {
      ...first.summary,
      planned: count('planned'),
      done: count('done'),
      failed: count('failed'),
      skipped: skipped.length,
    },
    ...(second.refused && !first.refused ? { refused: second.refused } : {}),
  };
}

/**
 * One Janitor run: the pipeline once (mark, unmark, delete what is due), then — armed only — one digest per owner
 * for every resource marked and not yet told, and, for the digests delivered, the pipeline once more to write
 * `notified-at` (moving `delete-after` out when the notice came late) on what is still marked. A dry run changes
 * nothing and tells no one: its report says what would be marked and deleted.
 */
export async function runJanitor(
  runMonkey: (request: RunRequest, deps: RunDeps) => Promise<RunReport>,
  request: RunRequest,
  deps: JanitorRunDeps,
): Promise<RunReport> {
  const runId = request.runId ?? newRunId('janitor', deps.clock.now());
  const first = await runMonkey({ ...request, monkey: 'janitor', runId }, deps);
  if (first.dryRun || first.refused) return first;
  const owed = noticesOwed(first);
  const sender =
    deps.notices ??
    (deps.redis
      ? alertGatewayFromConfig({
          config: deps.config,
          clients: deps.clients,
          redis: deps.redis,
          events: deps.events,
          logger: deps.logger,
          clock: deps.clock,
        })
      : undefined);
  const notified = sender && owed.length > 0 ? await sendNotices(owed, sender, { runId, at: deps.clock.now() }) : {};
  // A deletion spared at action time (it gained a use) is unmarked by the same run, as is what became valid.
  const spared = first.skipped.some((skip) => skip.guard === 'reach');
  if (Object.keys(notified).length === 0 && !spared) return first;
  const { confirm: _asked, ...unasked } = deps;
  const second = await runMonkey(
    { ...request, monkey: 'janitor', runId: `${runId}-notices`, params: { ...request.params, notified } },
    unasked,
  );
  return merged(first, second);
}
