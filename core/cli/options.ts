import { type Command, Option } from 'commander';
import { repeatableOption } from './single-valued.js';

/** Options every command that touches config or AWS accepts (the contract's common options). */
export interface CommonOptions {
  config?: string;
  region?: string[];
  dryRun: boolean;
  yes?: boolean;
  json?: boolean;
  endpointUrl?: string;
  debug?: boolean;
}

/** Adds -c/--config, --region (the one repeatable option), --dry-run/--no-dry-run, --yes, --json, --endpoint-url, --debug. */
export function withCommonOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'global config file (default: ./simian.yaml if present)')
    .addOption(repeatableOption(new Option('--region <name>', 'AWS region to work in (repeatable)')))
    .option('--dry-run', 'plan and report only; nothing changes (the default)', true)
    .option('--no-dry-run', 'act for real: the config must also be armed')
    .option('--yes', 'skip the typed confirmation of an armed run')
    .option('--json', 'print one JSON document on stdout')
    .addOption(new Option('--endpoint-url <url>', 'AWS endpoint (e.g. a local moto); else AWS_ENDPOINT_URL'))
    .option('--debug', 'print stack traces with errors');
}

/** Options of a manual monkey run (`simian chaos|gorilla|kong`). */
export interface MonkeyRunOptions extends CommonOptions {
  schedule?: string;
  verifyPermissions?: boolean;
}

/** Adds the common options plus --schedule <id> and --verify-permissions. */
export function withMonkeyRunOptions(command: Command): Command {
  return withReportRunOptions(command).option(
    '--verify-permissions',
    'dry run: ask AWS whether each action would be allowed (EC2 DryRun)',
  );
}

/** A report monkey's run: the common options and the schedule entry; it acts on nothing, so no permission check. */
export function withReportRunOptions(command: Command): Command {
  return withCommonOptions(command).option(
    '--schedule <id>',
    "the schedule entry whose rules, caps and params apply (default: the monkey's first enabled entry)",
  );
}
