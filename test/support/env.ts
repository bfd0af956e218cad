import { Redis } from 'ioredis';
import { AwsClients } from '../../core/aws/clients.js';

/**
 * AWS clients pointed at the test run's moto server, with a fresh call counter. One answer may take moto far longer
 * than AWS (a RunInstances of hundreds, a describe of thousands on a busy machine): the request timeout is a user's
 * bound on AWS, not on the emulator, so the tests' clients wait for moto.
 */
export function testClients(): AwsClients {
  return new AwsClients({ endpointUrl: process.env.AWS_ENDPOINT_URL, maxAttempts: 1, requestTimeoutMs: 300_000 });
}

/** The test run's Redis URL. */
export function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: the global test setup starts Redis');
  return url;
}

/** A connection to the test run's Redis; close it in afterAll. */
export function testRedis(): Redis {
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: null, lazyConnect: false });
  // A dropped connection is retried by ioredis and failed commands still reject; without a listener ioredis also
  // prints "Unhandled error event". Tests that assert connection errors add their own listener.
  redis.on('error', () => {});
  return redis;
}

let counter = 0;
/** A key prefix no other test uses, so tests sharing one Redis never see each other's keys. */
export function uniquePrefix(name = 'test'): string {
  counter += 1;
  return `${name}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** The account moto reports for every call. */
export const MOTO_ACCOUNT = '123456789012';
