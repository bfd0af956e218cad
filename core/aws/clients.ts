import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { labelAwsErrors } from './aws-failure.js';
import { CallCounter } from './call-counter.js';

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

/**
 * The one factory for every AWS service client: per account (assumed role, cached) and region, with the endpoint
 * override, standard retries, and a middleware that counts each API call.
 */
export class AwsClients {
  readonly counter: CallCounter;
  private readonly cache = new Map<string, unknown>();
  private readonly roleCredentials = new Map<string, AwsCredentialIdentityProvider>();

  constructor(private readonly options: AwsClientsOptions = {}) {
    this.counter = options.counter ?? new CallCounter();
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

  /** Releases sockets of every client made so far. */
  destroy(): void {
    for (const client of this.cache.values()) (client as { destroy(): void }).destroy();
    this.cache.clear();
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
    (client as unknown as SdkClient).middlewareStack.add(
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
