import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeAwsFailure, describeAwsFailureIn, labelAwsError } from '../../core/aws/aws-failure.js';
import { freePort } from '../../core/sandbox/peers.js';
import { runCliCaptured } from '../support/cli.js';
import { testRedisYaml, writeConfigFile } from '../support/config-file.js';
import { MOTO_ACCOUNT, uniquePrefix } from '../support/env.js';

/** An endpoint that answers every request as a server with no such API does: HTTP 500 and an HTML page. */
let htmlServer: Server;
let htmlEndpoint: string;
beforeAll(async () => {
  htmlServer = createServer((_request, response) => {
    response.writeHead(500, { 'content-type': 'text/html' });
    response.end(
      '<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>Oops</h1></html>',
    );
  });
  await new Promise<void>((resolve) => htmlServer.listen(0, '127.0.0.1', resolve));
  htmlEndpoint = `http://127.0.0.1:${(htmlServer.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => htmlServer.close(resolve)));

/** A black hole: accepts connections and never answers (a stuck proxy, a half-dead endpoint). */
let blackHole: TcpServer;
let blackHoleEndpoint: string;
const heldSockets = new Set<Socket>();
beforeAll(async () => {
  blackHole = createTcpServer((socket) => {
    heldSockets.add(socket);
    socket.on('close', () => heldSockets.delete(socket));
  });
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
  blackHoleEndpoint = `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}`;
});
afterAll(() => {
  for (const socket of heldSockets) socket.destroy();
  return new Promise((resolve) => blackHole.close(resolve));
});

const config = () =>
  writeConfigFile(`${testRedisYaml(uniquePrefix('aws-failure'))}accounts:\n  - id: "${MOTO_ACCOUNT}"\n`);

describe('AWS failures are one sentence that says it was AWS', () => {
  it.each([
    ['inventory', ['inventory']],
    ['gorilla', ['gorilla', '--zone', 'us-east-1a']],
  ])('%s: an HTML HTTP 500 answer names the call and the status, not the XML parser', async (_name, argv) => {
    const { code, stdout, stderr } = await runCliCaptured([...argv, '-c', config(), '--endpoint-url', htmlEndpoint]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^simian: AWS [A-Za-z0-9]+ [A-Za-z]+ answered HTTP 500 \(not implemented by this endpoint\?\)\n$/,
    );
    expect(stderr).not.toMatch(/XML|Deserialization/);
  });

  it.each([
    ['inventory', ['inventory']],
    ['gorilla', ['gorilla', '--zone', 'us-east-1a']],
  ])('%s: an unreachable endpoint says it was AWS, where, and which call', async (_name, argv) => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const { code, stderr } = await runCliCaptured([...argv, '-c', config(), '--endpoint-url', endpoint]);
    expect(code).toBe(1);
    const port = endpoint.split(':').at(-1);
    expect(stderr).toMatch(
      new RegExp(
        `^simian: cannot reach AWS at ${endpoint} \\([A-Za-z0-9]+ [A-Za-z]+\\): connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\n$`,
      ),
    );
  });
});

describe('an AWS endpoint that never answers', () => {
  it.each([
    ['inventory', ['inventory']],
    ['gorilla', ['gorilla', '--zone', 'us-east-1a']],
  ])('%s: ends after the configured attempts, naming the call that timed out', async (_name, argv) => {
    const bounded = writeConfigFile(
      `${testRedisYaml(uniquePrefix('aws-timeout'))}accounts:\n  - id: "${MOTO_ACCOUNT}"\naws:\n  requestTimeout: 200ms\n  maxAttempts: 2\n`,
    );
    const { code, stdout, stderr } = await runCliCaptured([
      ...argv,
      '-c',
      bounded,
      '--endpoint-url',
      blackHoleEndpoint,
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(
        `^simian: AWS [A-Za-z0-9]+ [A-Za-z]+ at ${blackHoleEndpoint} did not answer in time \\(2 attempts\\): no answer within 200 ms \\(aws\\.requestTimeout\\)\\n$`,
      ),
    );
  });
});

describe('describeAwsFailure', () => {
  const call = { service: 'EC2', operation: 'DescribeInstances' };
  const sdkError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

  it('names the host when there is no endpoint override', () => {
    const error = sdkError('getaddrinfo ENOTFOUND ec2.us-east-1.amazonaws.com', {
      code: 'ENOTFOUND',
      hostname: 'ec2.us-east-1.amazonaws.com',
    });
    expect(describeAwsFailure(labelAwsError(error, call))).toBe(
      'cannot reach AWS at ec2.us-east-1.amazonaws.com (EC2 DescribeInstances): getaddrinfo ENOTFOUND ec2.us-east-1.amazonaws.com',
    );
  });

  it('says what an unreadable answer probably is, by status', () => {
    const html = (status: number) =>
      sdkError('@aws-sdk XML parse error: mismatched tags.\n  Deserialization error: ...', {
        $metadata: { httpStatusCode: status },
      });
    expect(describeAwsFailure(labelAwsError(html(503), call))).toBe(
      'AWS EC2 DescribeInstances answered HTTP 503 (a failure on the AWS side; try again later)',
    );
    expect(describeAwsFailure(labelAwsError(html(403), { ...call, endpoint: 'http://proxy' }))).toBe(
      'AWS EC2 DescribeInstances answered HTTP 403 with a page that is not an AWS answer (a proxy, or another service at this endpoint?)',
    );
  });

  it('leaves AWS answers it can read, and errors not from AWS, to their own message', () => {
    const denied = sdkError('You are not authorized', {
      name: 'UnauthorizedOperation',
      $metadata: { httpStatusCode: 403 },
    });
    expect(describeAwsFailure(labelAwsError(denied, call))).toBeUndefined();
    expect(
      describeAwsFailure(sdkError('connect ECONNREFUSED 127.0.0.1:6379', { code: 'ECONNREFUSED' })),
    ).toBeUndefined();
  });

  it('finds a labelled failure wrapped as a cause', () => {
    const inner = labelAwsError(sdkError('connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' }), {
      ...call,
      endpoint: 'http://127.0.0.1:1',
    });
    expect(describeAwsFailureIn(new Error('inventory failed', { cause: inner }))).toBe(
      'cannot reach AWS at http://127.0.0.1:1 (EC2 DescribeInstances): connect ECONNREFUSED 127.0.0.1:1',
    );
  });
});
