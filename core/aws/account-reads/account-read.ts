import type { AwsClients, AwsTarget } from '../clients.js';

/**
 * A kind of read beside the resource types' listings: an account-wide figure (a quota, a service's own limits, a count
 * of what is in use), a resource's attributes, what refers to it. The IAM permissions its calls need, declared once, so `simian iam-policy` grants them from the registry (ACCOUNT_READ_KINDS) as it grants
 * the resource types' reads.
 */
export interface AccountReadKind {
  /** `service-quota`, `autoscaling-account-limits`, `vpc-count` … */
  readonly kind: string;
  /** The service as AwsClients' call counter names it ('EC2', 'AutoScaling', 'ServiceQuotas', …). */
  readonly service: string;
  /** IAM actions `read` needs, e.g. ['servicequotas:GetServiceQuota']. */
  readonly permissions: readonly string[];
}

/**
 * One such figure (or a resource's attributes, or what refers to it) and how to read it, the way a ResourceType reads resources: only through `clients` (read-only
 * view, counted), every AWS error propagating so a caller decides what a failure means. Reads are made at most once
 * per `AccountReadCache`, by `name`.
 */
export interface AccountRead<Value> extends AccountReadKind {
  /** Unique per figure: the kind, and its parameters if any (`service-quota:ec2/L-0263D0A3`). */
  readonly name: string;
  /** Global services (Route 53) answer the same in every region: read in GLOBAL_REGION. */
  readonly global: boolean;
  read(clients: AwsClients, target: AwsTarget): Promise<Value>;
}

/** A read of a kind: `name` defaults to the kind's own (a read without parameters). */
export function accountRead<Value>(
  kind: AccountReadKind,
  read: AccountRead<Value>['read'],
  options: { name?: string; global?: boolean } = {},
): AccountRead<Value> {
  return { ...kind, name: options.name ?? kind.kind, global: options.global ?? false, read };
}

/** A number an API answers as text (`"5"`), or undefined for an empty or unreadable one. */
export function numberOf(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
