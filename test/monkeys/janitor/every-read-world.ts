import { CreateAutoScalingGroupCommand, CreateLaunchConfigurationCommand } from '@aws-sdk/client-auto-scaling';
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateLaunchTemplateCommand, CreateNetworkInterfaceCommand } from '@aws-sdk/client-ec2';
import {
  CreateDBClusterCommand,
  CreateDBClusterSnapshotCommand,
  CreateDBInstanceCommand,
  CreateDBSnapshotCommand,
} from '@aws-sdk/client-rds';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import type { AwsClients } from '../../../core/aws/clients.js';
import {
  balancerWithRule,
  createImage,
  createSnapshot,
  createVolume,
  defaultNetwork,
  ec2,
  launchInstance,
  publicImage,
  REGION,
  ZONE,
} from './harness.js';

/** The ids of what a read concerns (the rest is seeded so that every read is made). */
export interface EveryReadWorld {
  readonly instance: string;
  readonly unusedImage: string;
  readonly snapshot: string;
  readonly detachedInterface: string;
  readonly balancer: string;
  readonly targetGroup: string;
  readonly group: string;
}

/**
 * One of everything whose uses the Janitor reads beside the listings, so that a run sends every kind of read it has:
 * a standalone instance, an image it launches from and one nothing names, a snapshot no image maps, a launch
 * template, an SSM parameter, an ALB whose listener forwards to a target group and has a rule, a group at 0, a
 * detached network interface, a manual RDS snapshot and an Aurora one, a log group.
 */
export async function seedEveryJanitorRead(clients: AwsClients): Promise<EveryReadWorld> {
  const target = { region: REGION };
  const network = await defaultNetwork(clients);
  const instance = await launchInstance(clients, await publicImage(clients));
  const image = await createImage(clients, instance, 'every-read');
  // One image nothing refers to: a candidate, whose sharing (one call per image) is read.
  const unusedImage = await createImage(clients, instance, 'every-read-unused');
  const snapshot = await createSnapshot(clients, await createVolume(clients));
  await ec2(clients).send(
    new CreateLaunchTemplateCommand({ LaunchTemplateName: 'every-read', LaunchTemplateData: { ImageId: image } }),
  );
  const detached = await ec2(clients).send(new CreateNetworkInterfaceCommand({ SubnetId: network.subnets[0] }));
  await clients.ssm(target).send(new PutParameterCommand({ Name: '/every-read/ami', Value: image, Type: 'String' }));

  const { balancerArn, groupArn } = await balancerWithRule(clients, 'every-read');

  const autoScaling = clients.autoScaling(target);
  await autoScaling.send(
    new CreateLaunchConfigurationCommand({
      LaunchConfigurationName: 'every-read',
      ImageId: image,
      InstanceType: 't3.micro',
    }),
  );
  await autoScaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: 'every-read',
      LaunchConfigurationName: 'every-read',
      MinSize: 0,
      MaxSize: 1,
      DesiredCapacity: 0,
      AvailabilityZones: [ZONE],
    }),
  );

  const rds = clients.rds(target);
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: 'every-read',
      DBInstanceClass: 'db.t3.micro',
      Engine: 'postgres',
      MasterUsername: 'reads',
      MasterUserPassword: 'not-a-secret-1',
      AllocatedStorage: 20,
    }),
  );
  await rds.send(
    new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'every-read', DBSnapshotIdentifier: 'every-read' }),
  );
  await rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: 'every-read',
      Engine: 'aurora-postgresql',
      MasterUsername: 'reads',
      MasterUserPassword: 'not-a-secret-1',
    }),
  );
  await rds.send(
    new CreateDBClusterSnapshotCommand({
      DBClusterIdentifier: 'every-read',
      DBClusterSnapshotIdentifier: 'every-read',
    }),
  );
  await clients.logs(target).send(new CreateLogGroupCommand({ logGroupName: '/every-read' }));
  return {
    instance,
    unusedImage,
    snapshot,
    detachedInterface: detached.NetworkInterface?.NetworkInterfaceId as string,
    balancer: balancerArn,
    targetGroup: groupArn,
    group: 'every-read',
  };
}
