import { createRequire } from 'node:module';
import type { ACMClient } from '@aws-sdk/client-acm';
import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import type { SESClient } from '@aws-sdk/client-ses';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import type { fromTemporaryCredentials as FromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { labelAwsErrors } from './aws-failure.js';
import { CallCounter, isThrottle } from './call-counter.js';
import { readOnlyMiddleware } from './read-only.js';
import type { SessionIdentity } from './session-tags.js';

/** Where a call goes: one account (optionally through an assumed role) and one region. */
export interface AwsTarget {
  region: string;
  account?: string;
  roleArn?: string;
}

export interface AwsClientsOptions {
  /** `--endpoint-url`; when absent the SDK honours AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> itself. */
  endpointUrl?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call (standard retry mode, with backoff). @defaultValue 3 */
  maxAttempts?: number;
  /** How long a connection may take to open. @defaultValue 3000 */
  connectTimeoutMs?: number;
  /**
   * How long one attempt may wait for its answer: an endpoint that accepts connections and never answers fails the
   * call (TimeoutError, retried like any transient failure) instead of hanging. @defaultValue 15000
   */
  requestTimeoutMs?: number;
  counter?: CallCounter;
  /**
   * Every client refuses, before sending, any operation not named Describe*, List* or Get* (ReadOnlyViolation).
   * @defaultValue false
   */
  readOnly?: boolean;
  /**
   * Who the calls are made for: the assumed role's session carries this tag (simian-monkey=<name>, or
   * simian-revert=<name>), which the IAM policy's every mutating statement requires. Ambient credentials (no
   * roleArn) cannot be tagged: they must carry it themselves (docs/iam.md).
   */
  session?: SessionIdentity;
}

type Constructor<C> = new (config: Record<string, unknown>) => C;

// Each SDK package is loaded on the first client of its service, so a command pays only for the services it calls
// (`simian --help` for none). The packages are CommonJS with no exports map, so an `import` of their commands
// elsewhere loads the very same module: one copy, whichever comes first.
const requireSdk = createRequire(import.meta.url);
const sdk =
  <C>(pkg: string, name: string) =>
  (): Constructor<C> =>
    (requireSdk(pkg) as Record<string, Constructor<C>>)[name] as Constructor<C>;

const SERVICES = {
  EC2: sdk<EC2Client>('@aws-sdk/client-ec2', 'EC2Client'),
  AutoScaling: sdk<AutoScalingClient>('@aws-sdk/client-auto-scaling', 'AutoScalingClient'),
  Route53: sdk<Route53Client>('@aws-sdk/client-route-53', 'Route53Client'),
  SSM: sdk<SSMClient>('@aws-sdk/client-ssm', 'SSMClient'),
  CloudWatch: sdk<CloudWatchClient>('@aws-sdk/client-cloudwatch', 'CloudWatchClient'),
  STS: sdk<STSClient>('@aws-sdk/client-sts', 'STSClient'),
  ELBv2: sdk<ElasticLoadBalancingV2Client>('@aws-sdk/client-elastic-load-balancing-v2', 'ElasticLoadBalancingV2Client'),
  ELB: sdk<ElasticLoadBalancingClient>('@aws-sdk/client-elastic-load-balancing', 'ElasticLoadBalancingClient'),
  ACM: sdk<ACMClient>('@aws-sdk/client-acm', 'ACMClient'),
  IAM: sdk<IAMClient>('@aws-sdk/client-iam', 'IAMClient'),
  SNS: sdk<SNSClient>('@aws-sdk/client-sns', 'SNSClient'),
  SES: sdk<SESClient>('@aws-sdk/client-ses', 'SESClient'),
  SQS: sdk<SQSClient>('@aws-sdk/client-sqs', 'SQSClient'),
  ServiceQuotas: sdk<ServiceQuotasClient>('@aws-sdk/client-service-quotas', 'ServiceQuotasClient'),
  RDS: sdk<RDSClient>('@aws-sdk/client-rds', 'RDSClient'),
  Logs: sdk<CloudWatchLogsClient>('@aws-sdk/client-cloudwatch-logs', 'CloudWatchLogsClient'),
  CloudTrail: sdk<CloudTrailClient>('@aws-sdk/client-cloudtrail', 'CloudTrailClient'),
  Lambda: sdk<LambdaClient>('@aws-sdk/client-lambda', 'LambdaClient'),
  ECS: sdk<ECSClient>('@aws-sdk/client-ecs', 'ECSClient'),
};

function fromTemporaryCredentials(...args: Parameters<typeof FromTemporaryCredentials>) {
  const providers = requireSdk('@aws-sdk/credential-providers') as {
    fromTemporaryCredentials: typeof FromTemporaryCredentials;
  };
  return providers.fromTemporaryCredentials(...args);
}
interface SdkClient {
  middlewareStack: { add: (middleware: unknown, options: Record<string, unknown>) => void };
}

/** Endpoint emulators (moto) accept any key; a sandbox should not need real credentials. */
function sandboxCredentials(endpointUrl: string | undefined): AwsCredentialIdentity | undefined {
  const emulated = endpointUrl ?? process.env.AWS_ENDPOINT_URL;
  if (!emulated || process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE) return undefined;
  return { accessKeyId: 'testing', secretAccessKey: 'testing' };
}

/** The region the clients of global services (IAM, Route 53) are made in. */
export const GLOBAL_REGION = 'us-east-1';

/**
 * The one factory for every AWS service client: per account (assumed role, cached) and region, with the endpoint
 * override, standard retries, and a middleware that counts each API call.
 */
export class AwsClients {
  readonly counter: CallCounter;
  readonly isReadOnly: boolean;
  private readonly cache = new Map<string, unknown>();
  private roleCredentials = new Map<string, AwsCredentialIdentityProvider>();
  private readOnlyView: AwsClients | undefined;
  private readonly sessionViews = new Map<string, AwsClients>();

  constructor(private readonly options: AwsClientsOptions = {}) {
    this.counter = options.counter ?? new CallCounter();
    this.isReadOnly = options.readOnly ?? false;
  }

  /**
   * A view of this factory whose every client refuses, before sending, any call that is not Describe*, List* or
   * Get* (ReadOnlyViolation): SDK middleware on each client, so `send` cannot bypass it. The view keeps its own
   * cache of clients, shares the call counter and the assumed-role credentials, and is made once. Inventory,
   * guards and report monkeys take this view; there is no way back from it to a writable client.
   */
  readOnly(): AwsClients {
    if (this.isReadOnly) return this;
    if (!this.readOnlyView) {
      const view = new AwsClients({ ...this.options, counter: this.counter, readOnly: true });
      view.roleCredentials = this.roleCredentials;
      this.readOnlyView = view;
    }
    return this.readOnlyView;
  }

  get endpointUrl(): string | undefined {
    return this.options.endpointUrl ?? process.env.AWS_ENDPOINT_URL;
  }

  ec2(target: AwsTarget): EC2Client {
    return this.client('EC2', SERVICES.EC2, target);
  }

  autoScaling(target: AwsTarget): AutoScalingClient {
    return this.client('AutoScaling', SERVICES.AutoScaling, target);
  }

  route53(target: AwsTarget): Route53Client {
    return this.client('Route53', SERVICES.Route53, target);
  }

  ssm(target: AwsTarget): SSMClient {
    return this.client('SSM', SERVICES.SSM, target);
  }

  cloudWatch(target: AwsTarget): CloudWatchClient {
    return this.client('CloudWatch', SERVICES.CloudWatch, target);
  }

  sts(target: AwsTarget): STSClient {
    return this.client('STS', SERVICES.STS, target);
  }

  /** Application, Network and Gateway Load Balancers and their target groups. */
  elbv2(target: AwsTarget): ElasticLoadBalancingV2Client {
    return this.client('ELBv2', SERVICES.ELBv2, target);
  }

  /** Classic Load Balancers. */
  elb(target: AwsTarget): ElasticLoadBalancingClient {
    return this.client('ELB', SERVICES.ELB, target);
  }

  acm(target: AwsTarget): ACMClient {
    return this.client('ACM', SERVICES.ACM, target);
  }

  /** SNS topics (the alert gateway's SNS channel). */
  sns(target: AwsTarget): SNSClient {
    return this.client('SNS', SERVICES.SNS, target);
  }

  /** E-mail (the alert gateway's SES channel). */
  ses(target: AwsTarget): SESClient {
    return this.client('SES', SERVICES.SES, target);
  }

  /** SQS queues (an SNS subscriber, in tests and sandboxes). */
  sqs(target: AwsTarget): SQSClient {
    return this.client('SQS', SERVICES.SQS, target);
  }

  /** Service Quotas (Howler's limits); a global service's quotas (Route 53) are read in GLOBAL_REGION. */
  serviceQuotas(target: AwsTarget): ServiceQuotasClient {
    return this.client('ServiceQuotas', SERVICES.ServiceQuotas, target);
  }

  /** RDS (the Janitor's manual database snapshots). */
  rds(target: AwsTarget): RDSClient {
    return this.client('RDS', SERVICES.RDS, target);
  }

  /** CloudWatch Logs (the Janitor's log groups). */
  logs(target: AwsTarget): CloudWatchLogsClient {
    return this.client('Logs', SERVICES.Logs, target);
  }

  /** CloudTrail (which trails deliver to a log group: the Janitor's log-group uses). */
  cloudTrail(target: AwsTarget): CloudTrailClient {
    return this.client('CloudTrail', SERVICES.CloudTrail, target);
  }

  /** Lambda (which functions log to a log group: the Janitor's log-group uses). */
  lambda(target: AwsTarget): LambdaClient {
    return this.client('Lambda', SERVICES.Lambda, target);
  }

  /** ECS (which task definitions log to a log group: the Janitor's log-group uses). */
  ecs(target: AwsTarget): ECSClient {
    return this.client('ECS', SERVICES.ECS, target);
  }

  /** IAM is global: pass the region GLOBAL_REGION (the target's account and role still apply). */
  iam(target: AwsTarget): IAMClient {
    return this.client('IAM', SERVICES.IAM, target);
  }

  /** Releases sockets of every client made so far (the read-only view's too). */
  destroy(): void {
    for (const client of this.cache.values()) (client as { destroy(): void }).destroy();
    this.cache.clear();
    if (this.readOnlyView && this.readOnlyView !== this) this.readOnlyView.destroy();
    for (const view of this.sessionViews.values()) view.destroy();
  }

  /**
   * A view of this factory whose assumed-role sessions carry the session tag of `identity` (docs/iam.md): shares
   * the call counter and the read-only setting; its credentials and clients are its own, one view per identity.
   */
  as(identity: SessionIdentity): AwsClients {
    const key = `${identity.key}=${identity.monkey}`;
    let view = this.sessionViews.get(key);
    if (!view) {
      view = new AwsClients({ ...this.options, counter: this.counter, readOnly: this.isReadOnly, session: identity });
      this.sessionViews.set(key, view);
    }
    return view;
  }

  /** The bounds of every call's HTTP exchange (the assumed-role STS calls' too). */
  private requestHandler() {
    return {
      connectionTimeout: this.options.connectTimeoutMs ?? 3000,
      requestTimeout: this.options.requestTimeoutMs ?? 15_000,
      throwOnRequestTimeout: true,
    };
  }

  private credentialsFor(target: AwsTarget) {
    if (!target.roleArn) return this.options.credentials ?? sandboxCredentials(this.options.endpointUrl);
    const key = `${target.roleArn}@${target.region}`;
    let provider = this.roleCredentials.get(key);
    if (!provider) {
      const session = this.options.session;
      provider = fromTemporaryCredentials({
        params: {
          RoleArn: target.roleArn,
          RoleSessionName: 'simian',
          DurationSeconds: 3600,
          // Transitive: a role the session assumes in turn still says which monkey calls.
          ...(session ? { Tags: [{ Key: session.key, Value: session.monkey }], TransitiveTagKeys: [session.key] } : {}),
        },
        masterCredentials: this.options.credentials ?? sandboxCredentials(this.options.endpointUrl),
        clientConfig: {
          region: target.region,
          requestHandler: this.requestHandler(),
          ...(this.options.endpointUrl ? { endpoint: this.options.endpointUrl } : {}),
        },
      });
      this.roleCredentials.set(key, provider);
    }
    return provider;
  }

  private client<C>(service: string, load: () => Constructor<C>, target: AwsTarget): C {
    const key = `${service}|${target.roleArn ?? target.account ?? ''}|${target.region}`;
    const cached = this.cache.get(key);
    if (cached) return cached as C;
    const credentials = this.credentialsFor(target);
    const Ctor = load();
    const client = new Ctor({
      region: target.region,
      retryMode: 'standard',
      maxAttempts: this.options.maxAttempts ?? 3,
      requestHandler: this.requestHandler(),
      ...(this.options.endpointUrl ? { endpoint: this.options.endpointUrl } : {}),
      ...(credentials ? { credentials } : {}),
    });
    const counter = this.counter;
    const stack = (client as unknown as SdkClient).middlewareStack;
    // First in the stack (before the counter): a refused call is neither sent nor counted.
    if (this.isReadOnly)
      stack.add(readOnlyMiddleware(service), { step: 'initialize', priority: 'high', name: 'simianReadOnly' });
    stack.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        counter.record(service, operation);
        return next(args).catch((error: unknown) => {
          if (isThrottle(error)) counter.recordThrottle(service, operation);
          throw error;
        });
      },
      { step: 'initialize', name: 'simianCallCounter' },
    );
    (client as unknown as SdkClient).middlewareStack.add(
      labelAwsErrors(service, () => this.endpointUrl),
      { step: 'initialize', name: 'simianErrorLabel' },
    );
    this.cache.set(key, client);
    return client;
  }
}
