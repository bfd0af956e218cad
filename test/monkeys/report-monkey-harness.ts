import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Change,
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  type RRType,
} from '@aws-sdk/client-route-53';
import { stringify } from 'yaml';
import type { AwsClients } from '../../core/aws/clients.js';
import type { Finding } from '../../core/plan/finding.js';
import { type CliOutcome, runCliCaptured } from '../support/cli.js';
import { MOTO_ACCOUNT, redisUrl, uniquePrefix } from '../support/env.js';

/** A report run as the user sees it: the exit code, the --json document (when printed) and stderr. */
export interface ReportOutcome extends CliOutcome {
  readonly findings: Finding[];
  readonly skipped: { resource: string; guard: string; reason: string }[];
}

/**
 * Writes a config (the moto account, the test Redis under a prefix of its own, then `global`'s keys) with one
 * schedule entry of `monkey` holding `params`, and returns a function that runs `simian <monkey> …` against moto with it. (A report run needs
 * no Redis, test/cli/report-monkey.test.ts shows; one that is down costs each run a 2 s ping timeout.)
 */
export function reportCli(monkey: string, params: Record<string, unknown> = {}, global: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), `simian-${monkey}-`));
  mkdirSync(join(dir, 'schedules'));
  writeFileSync(
    join(dir, 'simian.yaml'),
    stringify({
      accounts: [{ id: MOTO_ACCOUNT }],
      redis: { url: redisUrl(), prefix: uniquePrefix(monkey) },
      ...global,
    }),
  );
  writeFileSync(
    join(dir, 'schedules', `${monkey}.yaml`),
    stringify({ schedules: [{ id: `${monkey}-daily`, monkey, cron: '0 6 * * *', params }] }),
  );
  return async (...args: string[]): Promise<ReportOutcome> => {
    const outcome = await runCliCaptured([
      monkey,
      '-c',
      join(dir, 'simian.yaml'),
      '--endpoint-url',
      process.env.AWS_ENDPOINT_URL as string,
      ...args,
    ]);
    const document = args.includes('--json') && outcome.stdout ? JSON.parse(outcome.stdout) : {};
    return { ...outcome, findings: document.findings ?? [], skipped: document.skipped ?? [] };
  };
}

/** The findings of one rule, as `resource` → finding. */
export function byResource(findings: readonly Finding[], rule: string): Map<string, Finding> {
  return new Map(findings.filter((finding) => finding.rule === rule).map((finding) => [finding.resource, finding]));
}

/** A plain record to create: `name` of `type` with one value, TTL 60. */
export function simpleRecord(name: string, type: RRType, value: string): Change {
  return {
    Action: 'CREATE',
    ResourceRecordSet: { Name: name, Type: type, TTL: 60, ResourceRecords: [{ Value: value }] },
  };
}

/** A hosted zone of that name holding those records; its id without the `/hostedzone/` prefix. */
export async function hostedZoneWith(clients: AwsClients, name: string, changes: Change[]): Promise<string> {
  const route53 = clients.route53({ region: 'us-east-1' });
  const zone = await route53.send(
    new CreateHostedZoneCommand({ Name: name, CallerReference: `${name}-${Date.now()}` }),
  );
  const zoneId = (zone.HostedZone?.Id ?? '').replace('/hostedzone/', '');
  await route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }));
  return zoneId;
}
