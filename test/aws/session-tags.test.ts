import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeAvailabilityZonesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../core/aws/clients.js';
import { actingAs, revertingFor } from '../../core/aws/session-tags.js';

/**
 * The IAM policy grants each mutating call only under the session tag naming the monkey (docs/iam.md): simian must
 * really assume its role with that tag. A recording proxy in front of moto keeps every AssumeRole request.
 */
const ROLE = 'arn:aws:iam::123456789012:role/simian';
let proxy: Server;
let proxyUrl: string;
const assumeRoles: URLSearchParams[] = [];

beforeAll(async () => {
  const moto = new URL(process.env.AWS_ENDPOINT_URL ?? '');
  proxy = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const params = new URLSearchParams(body.toString());
      if (params.get('Action') === 'AssumeRole') assumeRoles.push(params);
      const forward = request(
        {
          host: moto.hostname,
          port: moto.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

/** The session tags of the AssumeRole request made for one call through these clients. */
async function tagsOfAssumeRole(clients: AwsClients): Promise<Record<string, string>> {
  const before = assumeRoles.length;
  await clients.ec2({ region: 'us-east-1', roleArn: ROLE }).send(new DescribeAvailabilityZonesCommand({}));
  expect(assumeRoles.length).toBe(before + 1);
  const params = assumeRoles.at(-1) as URLSearchParams;
  expect(params.get('RoleArn')).toBe(ROLE);
  const tags: Record<string, string> = {};
  for (let index = 1; params.has(`Tags.member.${index}.Key`); index++) {
    tags[params.get(`Tags.member.${index}.Key`) ?? ''] = params.get(`Tags.member.${index}.Value`) ?? '';
  }
  const transitive = [...params.entries()].filter(([key]) => key.startsWith('TransitiveTagKeys.member.'));
  return { ...tags, ...(transitive.length > 0 ? { transitive: transitive.map(([, value]) => value).join(',') } : {}) };
}

describe('the assumed role says which monkey is calling (session tags)', () => {
  it('a monkey’s clients assume the role tagged simian-monkey=<name>; a revert’s, simian-revert=<name>', async () => {
    const clients = new AwsClients({ endpointUrl: proxyUrl, maxAttempts: 1 });
    try {
      expect(await tagsOfAssumeRole(clients.as(actingAs('chaos')))).toEqual({
        'simian-monkey': 'chaos',
        transitive: 'simian-monkey',
      });
      expect(await tagsOfAssumeRole(clients.as(revertingFor('gorilla')))).toEqual({
        'simian-revert': 'gorilla',
        transitive: 'simian-revert',
      });
      // Reads need no tag (the policy grants them to the role whatever the session).
      expect(await tagsOfAssumeRole(clients)).toEqual({});
      // One view per monkey, made once.
      expect(clients.as(actingAs('chaos'))).toBe(clients.as(actingAs('chaos')));
    } finally {
      clients.destroy();
    }
  });

  it('without a role (the sandbox, moto) the clients call with their own credentials, tagged view or not', async () => {
    const clients = new AwsClients({ endpointUrl: proxyUrl, maxAttempts: 1 });
    try {
      const before = assumeRoles.length;
      const zones = await clients
        .as(actingAs('chaos'))
        .ec2({ region: 'us-east-1' })
        .send(new DescribeAvailabilityZonesCommand({}));
      expect(zones.AvailabilityZones?.length).toBeGreaterThan(0);
      expect(assumeRoles.length).toBe(before);
    } finally {
      clients.destroy();
    }
  });
});
