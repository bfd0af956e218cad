import {
  DescribeAccountLimitsCommand as DescribeAutoScalingLimitsCommand,
  paginateDescribeAutoScalingGroups,
  paginateDescribeLaunchConfigurations,
} from '@aws-sdk/client-auto-scaling';
import {
  type _InstanceType,
  DescribeAccountAttributesCommand,
  DescribeAddressesCommand,
  DescribeInstanceTypesCommand,
  type Instance,
  paginateDescribeInstances,
  paginateDescribeSecurityGroups,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import {
  DescribeAccountLimitsCommand as DescribeElbLimitsCommand,
  type Limit as ElbLimit,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { type AccountLimitType, GetAccountLimitCommand, GetHostedZoneCountCommand } from '@aws-sdk/client-route-53';
import { GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import { type AwsClients, type AwsTarget, GLOBAL_REGION } from '../../core/aws/clients.js';
import { isStandardFamily } from './standard-families.js';

/** DescribeInstanceTypes takes at most 100 names a call. */
const INSTANCE_TYPES_PER_CALL = 100;

/**
 * Every read-only call Howler makes for one account and region, each made at most once a run (two limits that
 * share an answer, such as Auto Scaling's DescribeAccountLimits, pay for one call).
 */
export class AccountReads {
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly global: AwsTarget;

  constructor(
    private readonly clients: AwsClients,
    private readonly target: AwsTarget,
  ) {
    this.global = { ...target, region: GLOBAL_REGION };
  }

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let pending = this.memo.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = read();
      this.memo.set(key, pending);
    }
    return pending;
  }

  /** The applied value of one quota; a global service's quota (Route 53) is read in GLOBAL_REGION. */
  serviceQuota(serviceCode: string, quotaCode: string, global = false): Promise<number | undefined> {
    return this.once(`quota:${serviceCode}/${quotaCode}`, async () => {
      const client = this.clients.serviceQuotas(global ? this.global : this.target);
      const answer = await client.send(new GetServiceQuotaCommand({ ServiceCode: serviceCode, QuotaCode: quotaCode }));
      return answer.Quota?.Value;
    });
  }

  /** Auto Scaling's own limits (MaxNumberOfAutoScalingGroups, MaxNumberOfLaunchConfigurations). */
  autoScalingLimits(): Promise<{ groups?: number; launchConfigurations?: number }> {
    return this.once('autoscaling:limits', async () => {
      const answer = await this.clients.autoScaling(this.target).send(new DescribeAutoScalingLimitsCommand({}));
      return {
        groups: answer.MaxNumberOfAutoScalingGroups,
        launchConfigurations: answer.MaxNumberOfLaunchConfigurations,
      };
    });
  }

  /** One EC2 account attribute as a number (`vpc-max-elastic-ips`, `max-instances`). */
  async ec2Attribute(name: string): Promise<number | undefined> {
    const attributes = await this.once('ec2:attributes', async () => {
      const answer = await this.clients.ec2(this.target).send(new DescribeAccountAttributesCommand({}));
      return answer.AccountAttributes ?? [];
    });
    const value = attributes.find((attribute) => attribute.AttributeName === name)?.AttributeValues?.[0];
    return numberOf(value?.AttributeValue);
  }

  /** One ELBv2 account limit by name (`application-load-balancers`, `target-groups` ...). */
  async elbv2Limit(name: string): Promise<number | undefined> {
    const limits = await this.once('elbv2:limits', async () => {
      const found: ElbLimit[] = [];
      let marker: string | undefined;
      do {
        const page = await this.clients.elbv2(this.target).send(new DescribeElbLimitsCommand({ Marker: marker }));
        found.push(...(page.Limits ?? []));
        marker = page.NextMarker;
      } while (marker);
      return found;
    });
    return numberOf(limits.find((limit) => limit.Name === name)?.Max);
  }

  /** A Route 53 account limit (global), e.g. MAX_HOSTED_ZONES_BY_OWNER. */
  route53Limit(type: AccountLimitType): Promise<number | undefined> {
    return this.once(`route53:limit:${type}`, async () => {
      const answer = await this.clients.route53(this.global).send(new GetAccountLimitCommand({ Type: type }));
      return answer.Limit?.Value;
    });
  }

  autoScalingGroups(): Promise<number> {
    return this.once('count:asg', async () => {
      let count = 0;
      const client = this.clients.autoScaling(this.target);
      for await (const page of paginateDescribeAutoScalingGroups({ client, pageSize: 100 }, {})) {
        count += page.AutoScalingGroups?.length ?? 0;
      }
      return count;
    });
  }

  launchConfigurations(): Promise<number> {
    return this.once('count:lc', async () => {
      let count = 0;
      const client = this.clients.autoScaling(this.target);
      for await (const page of paginateDescribeLaunchConfigurations({ client, pageSize: 100 }, {})) {
        count += page.LaunchConfigurations?.length ?? 0;
      }
      return count;
    });
  }

  /**
   * vCPUs of the running and pending On-Demand instances of the standard families (A, C, D, H, I, M, R, T, Z):
   * what quota L-1216C47A counts. Spot and Scheduled Instances have quotas of their own.
   */
  standardOnDemandVcpus(): Promise<number> {
    return this.once('count:vcpus', async () => {
      const instances: Instance[] = [];
      const client = this.clients.ec2(this.target);
      const filters = [{ Name: 'instance-state-name', Values: ['pending', 'running'] }];
      for await (const page of paginateDescribeInstances({ client, pageSize: 1000 }, { Filters: filters })) {
        for (const reservation of page.Reservations ?? []) instances.push(...(reservation.Instances ?? []));
      }
      const counted = instances.filter(
        (instance) => instance.InstanceLifecycle === undefined && isStandardFamily(instance.InstanceType ?? ''),
      );
      const vcpus = await this.vcpusOf([...new Set(counted.map((instance) => instance.InstanceType ?? ''))]);
      return counted.reduce((sum, instance) => sum + (vcpus.get(instance.InstanceType ?? '') ?? 0), 0);
    });
  }

  /** Default vCPUs per instance type, from DescribeInstanceTypes (100 types a call); an unknown type fails. */
  private async vcpusOf(types: readonly string[]): Promise<Map<string, number>> {
    const vcpus = new Map<string, number>();
    const client = this.clients.ec2(this.target);
    for (let start = 0; start < types.length; start += INSTANCE_TYPES_PER_CALL) {
      const chunk = types.slice(start, start + INSTANCE_TYPES_PER_CALL) as _InstanceType[];
      const answer = await client.send(new DescribeInstanceTypesCommand({ InstanceTypes: chunk }));
      for (const info of answer.InstanceTypes ?? []) {
        if (info.InstanceType && info.VCpuInfo?.DefaultVCpus !== undefined) {
          vcpus.set(info.InstanceType, info.VCpuInfo.DefaultVCpus);
        }
      }
    }
    const unknown = types.filter((type) => !vcpus.has(type));
    if (unknown.length > 0) throw new Error(`DescribeInstanceTypes does not know ${unknown.join(', ')}`);
    return vcpus;
  }

  elasticIps(): Promise<number> {
    return this.once('count:eip', async () => {
      const answer = await this.clients.ec2(this.target).send(new DescribeAddressesCommand({}));
      return (answer.Addresses ?? []).filter((address) => address.Domain !== 'standard').length;
    });
  }

  vpcs(): Promise<number> {
    return this.once('count:vpc', async () => {
      let count = 0;
      const client = this.clients.ec2(this.target);
      for await (const page of paginateDescribeVpcs({ client, pageSize: 1000 }, {})) count += page.Vpcs?.length ?? 0;
      return count;
    });
  }

  securityGroups(): Promise<number> {
    return this.once('count:sg', async () => {
      let count = 0;
      const client = this.clients.ec2(this.target);
      for await (const page of paginateDescribeSecurityGroups({ client, pageSize: 1000 }, {})) {
        count += page.SecurityGroups?.length ?? 0;
      }
      return count;
    });
  }

  /** ELBv2 load balancers of one type (`application`, `network`, `gateway`). */
  async loadBalancers(type: string): Promise<number> {
    const types = await this.once('count:lb', async () => {
      const found: string[] = [];
      const client = this.clients.elbv2(this.target);
      for await (const page of paginateDescribeLoadBalancers({ client, pageSize: 400 }, {})) {
        for (const balancer of page.LoadBalancers ?? []) found.push(balancer.Type ?? '');
      }
      return found;
    });
    return types.filter((found) => found === type).length;
  }

  targetGroups(): Promise<number> {
    return this.once('count:tg', async () => {
      let count = 0;
      const client = this.clients.elbv2(this.target);
      for await (const page of paginateDescribeTargetGroups({ client, pageSize: 400 }, {})) {
        count += page.TargetGroups?.length ?? 0;
      }
      return count;
    });
  }

  /** Route 53 is global: the account's hosted zones, whatever the region. */
  hostedZones(): Promise<number> {
    return this.once('count:zones', async () => {
      const answer = await this.clients.route53(this.global).send(new GetHostedZoneCountCommand({}));
      return answer.HostedZoneCount ?? 0;
    });
  }
}

function numberOf(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
