import type { Logger } from 'pino';
import type { Pacer } from '../actuator/pacer.js';
import type { RevertRegistryOptions } from '../actuator/revert-registry.js';
import type { AwsClients } from '../aws/clients.js';
import type { RealAccount } from '../aws/real-account.js';
import type { Clock } from '../clock.js';
import type { LoadedSchedule } from '../config/load.js';
import type { GlobalConfig } from '../config/schema.js';
import type { EventSink } from '../events/event.js';
import type { AlertSender } from '../notify/alert.js';
import type { ActionResult, RunReport } from '../plan/action.js';
import type { RedisClient } from '../redis/connection.js';

/** One run of one monkey in one region: what the CLI, a fleet job or the demo asks for. */
export interface RunRequest {
  readonly monkey: string;
  readonly region: string;
  /** Parameters given for this run; they override the schedule entry's params. */
  readonly params?: Record<string, unknown>;
  /** The schedule entry that started the run (armed, caps, selectors, params). */
  readonly entry?: LoadedSchedule;
  /**
   * A person ran it from the command line: the entry's rules, caps and params still apply, but not its `armed`
   * (only config + --no-dry-run arm a manual run) and it is not a scheduled run to the calendar guard.
   */
  readonly manual?: boolean;
  /** true unless the command line said --no-dry-run (a scheduled run passes true and relies on entry.armed). */
  readonly flagDryRun: boolean;
  readonly runId?: string;
  readonly verifyPermissions?: boolean;
  /**
   * false: another region's run of the same job reads and reports the account's global resources (Route 53, IAM),
   * so each is reported once per run. @defaultValue true
   */
  readonly globals?: boolean;
}

/** The account a run works in: the credentials' own (STS), beside the one config names for the region. */
export type RunAccount = RealAccount;

export interface RunDeps {
  readonly config: GlobalConfig;
  readonly clients: AwsClients;
  /** null or unreachable: a dry run still plans and reports; an armed run is refused (fail closed). */
  readonly redis: RedisClient | null;
  readonly events: EventSink;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly random?: () => number;
  readonly pacer?: Pacer;
  /**
   * Tests only: stands in for asking STS. The CLI, the fleet and the demo leave it out, so that every run learns the
   * account of the credentials it acts with (learnAccount) and the account guard compares that with config.
   */
  readonly account?: (region: string) => Promise<RunAccount>;
  /** The alert gateway the run's notify-owner actions go through (absent: they fail, saying so). */
  readonly alerts?: AlertSender;
  /** Each revert as it is registered, before its fault (the fleet: its delayed job). */
  readonly onRevertRegistered?: RevertRegistryOptions['onRegistered'];
  /** Tests only: fewer actions per batch than the effects' own sizes (ExecuteDeps.maxBatchSize). */
  readonly maxBatchSize?: number;
  onProgress?(done: number, total: number, result: ActionResult): void;
  /**
   * Asked once, after the plan and the run guards and before anything armed happens, with the plan as a report
   * (the CLI prints it and asks for the zone to be typed back). false: nothing is done (exit 2).
   */
  confirm?(preview: RunReport): Promise<boolean>;
}
