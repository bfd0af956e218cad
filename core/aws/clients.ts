import { ACMClient } from '@aws-sdk/client-acm';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { Route53Client } from '@aws-sdk/client-route-53';
import { SESClient } from '@aws-sdk/client-ses';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { labelAwsErrors } from './aws-failure.js';
import { CallCounter } from './call-counter.js';
import { readOnlyMiddleware } from './read-only.js';

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
  maxAttempts?: number;
  counter?: CallCounter;
  /**
   * Every client refuses, before sending, any operation not named Describe*, List* or Get* (ReadOnlyViolation).
   * @defaultValue false
   */
  readOnly?: boolean;
}

type Constructor<C> = new (config: Record<string, unknown>) => C;
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
    return this.client('EC2', EC2Client as Constructor<EC2Client>, target);
  }

  autoScaling(target: AwsTarget): AutoScalingClient {
    return this.client('AutoScaling', AutoScalingClient as Constructor<AutoScalingClient>, target);
  }

  route53(target: AwsTarget): Route53Client {
    return this.client('Route53', Route53Client as Constructor<Route53Client>, target);
  }

  ssm(target: AwsTarget): SSMClient {
    return this.client('SSM', SSMClient as Constructor<SSMClient>, target);
  }

  cloudWatch(target: AwsTarget): CloudWatchClient {
    return this.client('CloudWatch', CloudWatchClient as Constructor<CloudWatchClient>, target);
  }

  sts(target: AwsTarget): STSClient {
    return this.client('STS', STSClient as Constructor<STSClient>, target);
  }

  /** Application, Network and Gateway Load Balancers and their target groups. */
  elbv2(target: AwsTarget): ElasticLoadBalancingV2Client {
    return this.client('ELBv2', ElasticLoadBalancingV2Client as Constructor<ElasticLoadBalancingV2Client>, target);
  }

  /** Classic Load Balancers. */
  elb(target: AwsTarget): ElasticLoadBalancingClient {
    return this.client('ELB', ElasticLoadBalancingClient as Constructor<ElasticLoadBalancingClient>, target);
  }

  acm(target: AwsTarget): ACMClient {
    return this.client('ACM', ACMClient as Constructor<ACMClient>, target);
  }

  /** SNS topics (the alert gateway's SNS channel). */
  sns(target: AwsTarget): SNSClient {
    return this.client('SNS', SNSClient as Constructor<SNSClient>, target);
  }

  /** E-mail (the alert gateway's SES channel). */
  ses(target: AwsTarget): SESClient {
    return this.client('SES', SESClient as Constructor<SESClient>, target);
  }

  /** SQS queues (an SNS subscriber, in tests and sandboxes). */
  sqs(target: AwsTarget): SQSClient {
    return this.client('SQS', SQSClient as Constructor<SQSClient>, target);
  }

  /** IAM is global: pass the region GLOBAL_REGION (the target's account and role still apply). */
  iam(target: AwsTarget): IAMClient {
    return this.client('IAM', IAMClient as Constructor<IAMClient>, target);
  }

  /** Releases sockets of every client made so far (the read-only view's too). */
  destroy(): void {
    for (const client of this.cache.values()) (client as { destroy(): void }).destroy();
    this.cache.clear();
    if (this.readOnlyView && this.readOnlyView !== this) this.readOnlyView.destroy();
  }

  private credentialsFor(target: AwsTarget) {
    if (!target.roleArn) return this.options.credentials ?? sandboxCredentials(this.options.endpointUrl);
    const key = `${target.roleArn}@${target.region}`;
    let provider = this.roleCredentials.get(key);
    if (!provider) {
      provider = fromTemporaryCredentials({
        params: { RoleArn: target.roleArn, RoleSessionName: 'simian', DurationSeconds: 3600 },
        masterCredentials: this.options.credentials ?? sandboxCredentials(this.options.endpointUrl),
        clientConfig: {
          region: target.region,
          ...(this.options.endpointUrl ? { endpoint: this.options.endpointUrl } : {}),
        },
      });
      this.roleCredentials.set(key, provider);
    }
    return provider;
  }

  private client<C>(service: string, Ctor: Constructor<C>, target: AwsTarget): C {
    const key = `${service}|${target.roleArn ?? target.account ?? ''}|${target.region}`;
    const cached = this.cache.get(key);
    if (cached) return cached as C;
    const credentials = this.credentialsFor(target);
    const client = new Ctor({
      region: target.region,
      retryMode: 'standard',
      maxAttempts: this.options.maxAttempts ?? 3,
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
        counter.record(service, (context.commandName ?? 'Unknown').replace(/Command$/, ''));
        return next(args);
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
