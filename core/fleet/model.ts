/** The read side of one account+region, as AWS reported it at one moment. Immutable once taken. */

export type Tags = Readonly<Record<string, string>>;

/** One resource as AWS described it: its id, its display name, its tags, and the SDK's own shape. */
export interface ResourceRecord<Raw = unknown> {
  /** The id simian acts on and reports (`vol-…`, an ARN, a group name, a Route 53 record key). */
  readonly id: string;
  /** The human name where the type has one (a `Name` tag, a group or certificate name). */
  readonly name?: string;
  /** Current tags; `{}` for types that carry none (launch configurations, Route 53 records). */
  readonly tags: Tags;
  /** The SDK's shape for this resource (e.g. `Volume` of @aws-sdk/client-ec2). */
  readonly raw: Raw;
}

/** An instance as an Auto Scaling group sees it. */
export interface GroupMember {
  readonly id: string;
  readonly zone: string;
  /** InService, Pending, Terminating, Standby, ... */
  readonly lifecycleState: string;
  /** Healthy | Unhealthy */
  readonly healthStatus: string;
}

/** The app-stack-detail parts of a group name (`web-prod-blue` → app web, stack prod, detail blue). */
export interface GroupNaming {
  readonly app: string;
  readonly stack: string | null;
  readonly detail: string | null;
  /** The group name without any version suffix (`-v042`). */
  readonly cluster: string;
}

export interface Group {
  readonly name: string;
  readonly arn: string | undefined;
  readonly tags: Tags;
  /** Keys of the group's tags that its instances do not get at launch (PropagateAtLaunch false). */
  readonly tagsNotPropagated?: readonly string[];
  readonly zones: readonly string[];
  readonly subnetIds: readonly string[];
  readonly desired: number;
  readonly min: number;
  readonly max: number;
  readonly suspendedProcesses: readonly string[];
  /** Set while the group is being deleted. */
  readonly status: string | undefined;
  readonly createdAt: Date | undefined;
  readonly members: readonly GroupMember[];
  readonly naming: GroupNaming;
  /** Classic load balancers and ELBv2 target groups the group registers its instances with (report rules). */
  readonly loadBalancerNames?: readonly string[];
  readonly targetGroupArns?: readonly string[];
  /** Keys of the group's tags that AWS copies onto the instances it launches (PropagateAtLaunch). */
  readonly launchTagKeys?: readonly string[];
}

export interface AttachedVolume {
  readonly volumeId: string;
  readonly device: string;
  readonly deleteOnTermination: boolean;
}

export interface Instance {
  readonly id: string;
  readonly zone: string;
  /** pending | running | shutting-down | terminated | stopping | stopped */
  readonly state: string;
  readonly launchTime: Date | undefined;
  readonly tags: Tags;
  /** Name of the Auto Scaling group the instance belongs to, if any. */
  readonly group: string | undefined;
  readonly instanceType: string | undefined;
  readonly subnetId: string | undefined;
  readonly vpcId: string | undefined;
  readonly securityGroupIds: readonly string[];
  readonly rootDeviceName: string | undefined;
  readonly volumes: readonly AttachedVolume[];
  readonly privateIp: string | undefined;
  readonly publicIp?: string;
  /** IMDS `HttpTokens`: `required` (IMDSv2 only) or `optional`. */
  readonly metadataHttpTokens?: string;
}

export interface Snapshot {
  readonly account: string;
  readonly region: string;
  readonly takenAt: Date;
  /** Auto Scaling groups (empty unless the monkey reads `auto-scaling-group`). */
  readonly groups: readonly Group[];
  /** Instances (empty unless the monkey reads `instance`). */
  readonly instances: readonly Instance[];
  /**
   * Every other resource type the monkey declares it reads (volumes, snapshots, images, certificates ...), by type
   * name, as the resource-type registry lists them: one paginated sweep per type.
   */
  readonly resources: ReadonlyMap<string, readonly ResourceRecord[]>;
  /**
   * Reads that failed, for a run that reports instead of acting (a report run never sees half a picture as the
   * whole): their types are absent from the snapshot, and the rules that read them are not checked.
   */
  readonly failedReads?: readonly FailedRead[];
}

/** A read a report run could not make: which resource type, which AWS call, and what AWS answered. */
export interface FailedRead {
  /** The resource type it lists (a registered type name), or what a monkey's own prepare step reads. */
  readonly type: string;
  /** "ACM ListCertificates" (service and operation), or the type's name when the call is unknown. */
  readonly call: string;
  /** What went wrong, in words: "AccessDeniedException: User is not authorized …". */
  readonly reason: string;
  /** Where the call went, when not the run's own region (another region's addresses, say). */
  readonly region?: string;
  /** The monkey's prepare step failed as a whole: every rule that reads what it observes is left unchecked. */
  readonly observed?: boolean;
}

/** How monkeys group instances: per ASG, or per app / stack / cluster across ASGs. */
export type Grouping = 'asg' | 'app' | 'stack' | 'cluster';
