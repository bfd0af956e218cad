import type { ResourceRecord } from '../../fleet/model.js';
import type { AwsClients, AwsTarget } from '../clients.js';

/**
 * Every resource type simian reads, by the name the contract's `resourceType` uses. `load-balancer` is ELBv2 (ALB,
 * NLB, GWLB: ids are ARNs); `classic-load-balancer` is the older ELB API (ids are names): two services, two id
 * shapes, two delete calls, so two types.
 */
export const RESOURCE_TYPE_NAMES = [
  'instance',
  'auto-scaling-group',
  'volume',
  'snapshot',
  'image',
  'launch-template',
  'launch-configuration',
  'load-balancer',
  'classic-load-balancer',
  'target-group',
  'elastic-ip',
  'security-group',
  'subnet',
  'network-acl',
  'network-interface',
  'route53-record',
  'acm-certificate',
  'iam-server-certificate',
  'rds-snapshot',
  'log-group',
  'rds-cluster-snapshot',
] as const;

// The snapshot holds the records, so their shape lives with the snapshot model (core/fleet), a floor below.
export type { ResourceRecord };

export type ResourceTypeName = (typeof RESOURCE_TYPE_NAMES)[number];

export interface ReadOptions {
  /**
   * Keep the records AWS still describes but `isGone` calls gone (a terminated instance, a group being deleted):
   * the inventory shows them, and a guard says "already shutting-down" rather than "no longer exists".
   * @defaultValue false
   */
  readonly includeGone?: boolean;
}

export interface ListOptions extends ReadOptions {
  /** Page size to ask for; defaults to the largest the API serves, and is capped at it. */
  readonly pageSize?: number;
}

/**
 * A kind of AWS resource, modelled on Cloud Custodian's `TypeInfo`: how to recognise its ids, list it, re-read some
 * of it, and which IAM permissions those reads need. Every method only reads (it works through
 * `AwsClients.readOnly()`), and every AWS error it does not handle itself propagates, so callers fail closed.
 */
export interface ResourceType<Raw = unknown> {
  readonly name: ResourceTypeName;
  /** The service as AwsClients' call counter names it ('EC2', 'AutoScaling', 'ELBv2', 'ELB', 'ACM', 'IAM', …). */
  readonly service: string;
  /** The SDK field that holds the id (`VolumeId`), or how the id is built for types with none (Route 53). */
  readonly idField: string;
  readonly nameField?: string;
  /** IAM actions that `list` and `fresh` need, e.g. ['ec2:DescribeVolumes']; `simian iam-policy` unions them. */
  readonly permissions: readonly string[];
  /**
   * Global services (IAM, Route 53) answer the same in every region: list them once per account, not per region.
   * Their clients are made in GLOBAL_REGION whatever `target.region` says.
   */
  readonly global: boolean;
  /**
   * True when ids of this type say what they are (`vol-…`, an ARN, a Route 53 record key), so `resourceTypeOf`
   * can tell them apart. False for types keyed by a free-form name (groups, launch configurations, classic load
   * balancers): a bare name never identifies its type; carry the type beside it.
   */
  readonly recognisable: boolean;
  /** Does this id have this type's shape (for name-keyed types: is it a valid name)? */
  matches(id: string): boolean;
  /**
   * Every live resource of the type in the target's account and region, in pages of the largest size (or
   * `options.pageSize`). Resources AWS still shows but that are gone (`isGone`) are left out, unless
   * `options.includeGone`.
   */
  list(clients: AwsClients, target: AwsTarget, options?: ListOptions): Promise<ResourceRecord<Raw>[]>;
  /**
   * Re-reads these ids now, batched: one call per page of ids (each type documents its chunk size and how it
   * survives ids that no longer exist), never one per id — except the tags of ACM and IAM certificates, which AWS
   * serves one certificate a call. An id absent from the map is GONE (deleted, or in a state `isGone` calls gone);
   * one unknown id never fails the call. Duplicate ids are read once. `options.includeGone` keeps the gone ones.
   */
  fresh(
    clients: AwsClients,
    target: AwsTarget,
    ids: readonly string[],
    options?: ReadOptions,
  ): Promise<Map<string, ResourceRecord<Raw>>>;
  /** True for a record AWS still describes but that is gone for simian (terminated, deleted, deregistered). */
  isGone?(record: ResourceRecord<Raw>): boolean;
}

/**
 * A type whose listing comes page by page: a caller converts each page as it arrives and lets the SDK's answers go,
 * so a fleet of 100,000 instances is never held twice (the inventory). `list` is these pages, collected.
 */
export interface PagedResourceType<Raw = unknown> extends ResourceType<Raw> {
  pages(clients: AwsClients, target: AwsTarget, options?: ListOptions): AsyncIterable<ResourceRecord<Raw>[]>;
}
