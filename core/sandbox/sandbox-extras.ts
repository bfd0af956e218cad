import { ImportCertificateCommand } from '@aws-sdk/client-acm';
import { SetInstanceHealthCommand } from '@aws-sdk/client-auto-scaling';
import { AllocateAddressCommand, CreateImageCommand } from '@aws-sdk/client-ec2';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand } from '@aws-sdk/client-route-53';
import forge from 'node-forge';
import type { AwsClients } from '../aws/clients.js';
import type { SeededFleet } from './seed.js';

/** What the army's other monkeys find in the sandbox beyond the groups: where Kong acts, what the reports find. */
export interface SandboxExtras {
  /** Kong's weighted records (one per region) in the sandbox hosted zone, as `--record` specs. */
  readonly kongRecords: readonly { hostedZoneId: string; name: string; type: 'A' }[];
  /** The record Security finds dangling (its address belongs to nobody in the account). */
  readonly danglingRecord: string;
  readonly expiringCertificateArn: string;
  readonly elasticIps: readonly string[];
  readonly unusedImageId: string;
  /** The instance its group reports unhealthy (Doctor's patient). */
  readonly unhealthyInstance: string;
}

const ZONE = 'sandbox.example.com';

/** A self-signed certificate for `name` that expires in `days` days (the sandbox's "nobody renewed it"). */
function expiringCertificate(name: string, days: number) {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 300 * 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + days * 86_400_000);
  const subject = [{ name: 'commonName', value: name }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certificate: forge.pki.certificateToPem(cert), privateKey: forge.pki.privateKeyToPem(keys.privateKey) };
}

/**
 * Seeds what the demo needs beyond the fleet (us-east-1's fleet and us-west-2's): a hosted zone with Kong's weighted
 * records and a dangling one, an ACM certificate expiring in 9 days, four Elastic IPs (80 % of the default limit
 * of five: Howler warns), an AMI nothing uses (Janitor marks it) and an instance its group reports unhealthy.
 */
export async function seedSandboxExtras(clients: AwsClients, fleets: readonly SeededFleet[]): Promise<SandboxExtras> {
  const [east, west] = fleets as [SeededFleet, SeededFleet];
  const where = { region: east.region };
  const route53 = clients.route53({ region: 'us-east-1' });
  const zone = await route53.send(new CreateHostedZoneCommand({ Name: ZONE, CallerReference: `demo-${Date.now()}` }));
  const hostedZoneId = (zone.HostedZone?.Id ?? '').replace('/hostedzone/', '');
  const weighted = (region: string, address: string) => ({
    Action: 'UPSERT' as const,
    ResourceRecordSet: {
      Name: `api.${ZONE}`,
      Type: 'A' as const,
      SetIdentifier: region,
      Weight: 100,
      TTL: 60,
      ResourceRecords: [{ Value: address }],
    },
  });
  const danglingRecord = `legacy.${ZONE}`;
  await route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: hostedZoneId,
      ChangeBatch: {
        Changes: [
          weighted(east.region, '198.51.100.10'),
          weighted(west.region, '198.51.100.20'),
          {
            Action: 'UPSERT',
            ResourceRecordSet: {
              Name: danglingRecord,
              Type: 'A',
              TTL: 300,
              ResourceRecords: [{ Value: '203.0.113.77' }],
            },
          },
        ],
      },
    }),
  );
  const cert = expiringCertificate(`www.${ZONE}`, 9);
  const imported = await clients.acm(where).send(
    new ImportCertificateCommand({
      Certificate: Buffer.from(cert.certificate),
      PrivateKey: Buffer.from(cert.privateKey),
      Tags: [{ Key: 'owner', Value: 'web-team@example.com' }],
    }),
  );
  const ec2 = clients.ec2(where);
  const elasticIps: string[] = [];
  for (let index = 0; index < 4; index++) {
    const address = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    elasticIps.push(address.AllocationId as string);
  }
  const bastion = east.looseInstanceIds[0] as string;
  const image = await ec2.send(
    new CreateImageCommand({
      InstanceId: bastion,
      Name: 'bastion-2024-golden',
      TagSpecifications: [{ ResourceType: 'image', Tags: [{ Key: 'owner', Value: 'ops@example.com' }] }],
    }),
  );
  const patient = east.groups.find((group) => group.name === 'web-prod')?.instanceIds[0] as string;
  await clients
    .autoScaling(where)
    .send(new SetInstanceHealthCommand({ InstanceId: patient, HealthStatus: 'Unhealthy' }));
  return {
    kongRecords: [{ hostedZoneId, name: `api.${ZONE}`, type: 'A' }],
    danglingRecord,
    expiringCertificateArn: imported.CertificateArn as string,
    elasticIps,
    unusedImageId: image.ImageId as string,
    unhealthyInstance: patient,
  };
}
