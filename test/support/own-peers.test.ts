import { CreateVolumeCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Peer, resetMoto, startMoto, startRedis } from '../../core/sandbox/peers.js';
import setup from './global-setup.js';
import type { RunPeers } from './run-peers.js';

/**
 * The sandbox a user keeps in another shell: `simian demo` tells them to export its AWS_ENDPOINT_URL and
 * SIMIAN_REDIS_URL. A test run started from that shell must start its own peers and leave that sandbox as it was.
 */
describe('the test run owns its peers', () => {
  let sandboxMoto: Peer;
  let sandboxRedis: Peer;
  let given: RunPeers[] = [];
  let stopRunPeers: () => Promise<void>;
  const ambient = { ...process.env };
  const sandboxEc2 = () =>
    new EC2Client({
      endpoint: sandboxMoto.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });

  beforeAll(async () => {
    [sandboxMoto, sandboxRedis] = await Promise.all([startMoto(), startRedis()]);
    const ec2 = sandboxEc2();
    await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));
    const redis = new Redis(sandboxRedis.url);
    await redis.set('sandbox-key', 'kept');
    redis.disconnect();
    // The shell the run starts from points at the sandbox.
    process.env.AWS_ENDPOINT_URL = sandboxMoto.url;
    process.env.REDIS_URL = sandboxRedis.url;
    process.env.SIMIAN_REDIS_URL = sandboxRedis.url;
    stopRunPeers = await setup({
      provide: (_key: 'peers', peers: RunPeers[]) => {
        given = peers;
      },
    });
  }, 120_000);

  afterAll(async () => {
    process.env = ambient;
    await stopRunPeers?.();
    await Promise.all([sandboxMoto?.stop(), sandboxRedis?.stop()]);
  });

  it('hands every fork a moto and a Redis of its own, none of them the sandbox', () => {
    expect(given.length).toBeGreaterThan(0);
    const urls = given.flatMap((peers) => [peers.awsEndpointUrl, peers.redisUrl]);
    expect(new Set(urls).size).toBe(urls.length);
    expect(urls).not.toContain(sandboxMoto.url);
    expect(urls).not.toContain(sandboxRedis.url);
  });

  it("resets only the run's moto between files: the sandbox keeps its volume and its Redis keys", async () => {
    expect(given.length).toBeGreaterThan(0);
    for (const peers of given) await resetMoto(peers.awsEndpointUrl);
    const ec2 = sandboxEc2();
    expect((await ec2.send(new DescribeVolumesCommand({}))).Volumes).toHaveLength(1);
    const redis = new Redis(sandboxRedis.url);
    expect(await redis.get('sandbox-key')).toBe('kept');
    redis.disconnect();
  });
});
