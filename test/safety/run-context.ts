import { type GlobalConfig, globalConfigSchema, type ScheduleEntry } from '../../core/config/schema.js';
import type { Group, GroupMember } from '../../core/fleet/model.js';
import { parseGroupName } from '../../core/fleet/naming.js';
import type { Action } from '../../core/plan/action.js';
import { effectiveCaps } from '../../core/safety/caps.js';
import type { RunContext } from '../../core/safety/guard.js';
import { MOTO_ACCOUNT } from '../support/env.js';

/** A parsed config from the parts a test cares about (everything else at its default). */
export function configWith(input: Record<string, unknown> = {}): GlobalConfig {
  return globalConfigSchema.parse({ accounts: [{ id: MOTO_ACCOUNT }], ...input });
}

/** A run context for guard tests: a dry chaos run in us-east-1 of the moto account unless told otherwise. */
export function runContext(
  overrides: Partial<RunContext> & { configInput?: Record<string, unknown> } = {},
): RunContext {
  const { configInput, ...rest } = overrides;
  const config = rest.config ?? configWith(configInput);
  return {
    runId: 'run-1',
    monkey: 'chaos',
    kind: 'fault',
    dryRun: true,
    account: { id: MOTO_ACCOUNT },
    region: 'us-east-1',
    config,
    caps: effectiveCaps(config.caps),
    ...rest,
  };
}

export function scheduleEntry(input: Partial<ScheduleEntry> = {}): ScheduleEntry {
  return {
    id: 'chaos-daily',
    monkey: 'chaos',
    enabled: true,
    armed: false,
    select: [],
    exclude: [],
    requireTag: true,
    params: {},
    ...input,
  };
}

export function terminateAction(resource: string, group: string | null, overrides: Partial<Action> = {}): Action {
  return {
    kind: 'terminate-instance',
    resource,
    group,
    account: MOTO_ACCOUNT,
    region: 'us-east-1',
    zone: 'us-east-1a',
    params: {},
    ...overrides,
  };
}

export function member(id: string, lifecycleState = 'InService', healthStatus = 'Healthy'): GroupMember {
  return { id, zone: 'us-east-1a', lifecycleState, healthStatus };
}

/** A group of the snapshot model, for pure tests. */
export function group(name: string, members: GroupMember[], overrides: Partial<Group> = {}): Group {
  return {
    name,
    arn: undefined,
    tags: {},
    zones: ['us-east-1a'],
    subnetIds: [],
    desired: members.length,
    min: 0,
    max: Math.max(members.length, 1),
    suspendedProcesses: [],
    status: undefined,
    createdAt: undefined,
    members,
    naming: parseGroupName(name),
    ...overrides,
  };
}
