import { CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { CreateHostedZoneCommand, CreateQueryLoggingConfigCommand } from '@aws-sdk/client-route-53';
import type { AwsClients } from '../../../core/aws/clients.js';
import { MOTO_ACCOUNT, uniquePrefix } from '../../support/env.js';
import { REGION } from './harness.js';

const target = { region: REGION };

/** An S3 bucket for a trail to deliver to: moto refuses a trail without one, and the project has no S3 client. */
async function bucket(name: string): Promise<void> {
  const answer = await fetch(`${process.env.AWS_ENDPOINT_URL}/${name}`, {
    method: 'PUT',
    headers: {
      Authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/s3/aws4_request, SignedHeaders=host, Signature=0`,
    },
  });
  if (!answer.ok) throw new Error(`moto did not create bucket ${name}: ${answer.status}`);
}

/**
 * The services that write to a log group, each made to name one on moto: a trail, a hosted zone's query logging, a
 * Lambda function (its default group is `/aws/lambda/<name>`), an ECS task definition (the awslogs driver).
 */
export function logWriters(clients: AwsClients) {
  let role: string | undefined;
  return {
    async trail(name: string, group: string): Promise<void> {
      await bucket(`${name}-trail-bucket`);
      await clients.cloudTrail(target).send(
        new CreateTrailCommand({
          Name: name,
          S3BucketName: `${name}-trail-bucket`,
          CloudWatchLogsLogGroupArn: `${group}:*`,
          CloudWatchLogsRoleArn: `arn:aws:iam::${MOTO_ACCOUNT}:role/trail-to-logs`,
        }),
      );
    },

    async queryLogging(domain: string, group: string): Promise<void> {
      const zone = await clients
        .route53(target)
        .send(new CreateHostedZoneCommand({ Name: domain, CallerReference: uniquePrefix(domain) }));
      await clients.route53(target).send(
        new CreateQueryLoggingConfigCommand({
          HostedZoneId: zone.HostedZone?.Id?.replace('/hostedzone/', ''),
          CloudWatchLogsLogGroupArn: `${group}:*`,
        }),
      );
    },

    async lambdaFunction(name: string): Promise<void> {
      if (!role) {
        const made = await clients.iam(target).send(
          new CreateRoleCommand({
            RoleName: uniquePrefix('lambda-logs'),
            AssumeRolePolicyDocument: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ],
            }),
          }),
        );
        role = made.Role?.Arn as string;
      }
      await clients.lambda(target).send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Role: role,
          Handler: 'index.handler',
          // An empty zip archive: moto stores it and never runs it.
          Code: { ZipFile: Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64') },
        }),
      );
    },

    async taskDefinition(family: string, group: string): Promise<string> {
      const made = await clients.ecs(target).send(
        new RegisterTaskDefinitionCommand({
          family,
          containerDefinitions: [
            {
              name: 'app',
              image: 'public.ecr.aws/nginx/nginx:latest',
              memory: 128,
              logConfiguration: {
                logDriver: 'awslogs',
                options: { 'awslogs-group': group, 'awslogs-region': REGION, 'awslogs-stream-prefix': 'app' },
              },
            },
          ],
        }),
      );
      return made.taskDefinition?.taskDefinitionArn as string;
    },
  };
}
