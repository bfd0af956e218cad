import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChronosAnswer } from '../../core/events/chronos-query.js';
import { MAX_ANONYMOUS_STREAMS_PER_CLIENT } from '../../core/http/stream-slots.js';
import { errorOf, type Service, startService, TOKEN } from './harness.js';
import { SseReader } from './sse.js';

/** A request with the Host header a browser sends after a DNS rebinding (fetch cannot set Host). */
function withHost(
  url: string,
  host: string,
  options: { method?: string; body?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host, authorization: `Bearer ${TOKEN}` };
    if (options.body) headers['content-type'] = 'application/json';
    const sent = request(url, { method: options.method ?? 'GET', headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    sent.on('error', reject);
    sent.end(options.body);
  });
}

const EVENT = { type: 'Deploy', app: 'api-prod', desc: 'v42 out' };

describe('HTTP hardening', () => {
  let service: Service;
  const count = async () =>
    ((await (await service.send('GET', '/api/v1/event', undefined, null)).json()) as ChronosAnswer).count;

  beforeAll(async () => {
    service = await startService({ http: '  allowedHosts: [simian.internal]\n' });
  });
  afterAll(() => service.close());

  it('answers a foreign Host (DNS rebinding) with 421 before any route: nothing read, nothing changed', async () => {
    const before = await count();
    for (const host of ['attacker.example', 'attacker.example:8080', '127.0.0.1.attacker.example']) {
      const read = await withHost(`${service.url}/api/v1/event`, host);
      expect(read.status).toBe(421);
      expect(JSON.parse(read.body).error).toMatch(/http\.allowedHosts/);
      const write = await withHost(`${service.url}/api/v1/event`, host, {
        method: 'POST',
        body: JSON.stringify(EVENT),
      });
      expect(write.status).toBe(421);
    }
    expect(await count()).toBe(before);
  });

  it('answers the listen address, localhost and the configured names', async () => {
    const port = new URL(service.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST', `[::1]:${port}`, 'simian.internal']) {
      expect((await withHost(`${service.url}/status`, host)).status, host).toBe(200);
    }
  });

  it('leaves /healthcheck open to any Host (a load balancer probes by address)', async () => {
    expect((await withHost(`${service.url}/healthcheck`, '10.0.0.7:8080')).status).toBe(200);
  });

  it('a body nested 5,000 deep is 400 before anything touches Redis; a huge one is 413', async () => {
    const before = await count();
    const deep = `{"type":"Deploy","app":"a","desc":"d","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const response = await service.send('POST', '/api/v1/event', deep);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatch(/nests deeper than 32 levels/);
    // Brackets inside a string are text, not nesting.
    const quoted = await service.send('POST', '/api/v1/event', { ...EVENT, desc: '['.repeat(100) });
    expect(quoted.status).toBe(201);
    const huge = await service.send('POST', '/api/v1/event', { ...EVENT, desc: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
    expect(await count()).toBe(before + 1);
  });

  it('caps anonymous live streams per client; a token holder still gets one', async () => {
    const opened: AbortController[] = [];
    const open = async (token?: string) => {
      const abort = new AbortController();
      opened.push(abort);
      const response = await fetch(`${service.url}/api/v1/event/stream`, {
        signal: abort.signal,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      if (response.status === 200) expect(await new SseReader(response).next()).toBe(': connected');
      return response;
    };
    try {
      for (let index = 0; index < MAX_ANONYMOUS_STREAMS_PER_CLIENT; index++) expect((await open()).status).toBe(200);
      const refused = await open();
      expect(refused.status).toBe(429);
      expect(await errorOf(refused)).toMatch(/live streams/);
      expect((await open(TOKEN)).status).toBe(200);
    } finally {
      for (const abort of opened) abort.abort();
    }
  });
});
