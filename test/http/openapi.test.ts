import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testGateway } from '../notify/harness.js';
import { type Service, startService, TOKEN } from './harness.js';

interface Operation {
  summary: string;
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: { required?: string[] } }> };
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

/** A request each documented operation can be called with: a body its schema refuses, a path id that is no one's. */
function call(path: string, method: string): { url: string; init: RequestInit } {
  const url = path.replace('{id}', `rv-${'0'.repeat(24)}`);
  const body = method === 'post' && !path.includes('{id}') ? '{}' : undefined;
  return {
    url,
    init: {
      method: method.toUpperCase(),
      headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body } : {}),
    },
  };
}

describe('GET /openapi.json', () => {
  let service: Service;
  let document: OpenApi;
  beforeAll(async () => {
    service = await startService({
      alerts: (redis) => testGateway(redis, {}).gateway,
      reverts: () => ({ get: async () => null, run: async () => ({ status: 'noop', detail: '' }) }),
    });
    const response = await service.send('GET', '/openapi.json', undefined, null);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenApi;
  });
  afterAll(() => service.close());

  it("is an OpenAPI 3.1 document whose parameters and bodies come from the routes' own schemas", () => {
    expect(document.openapi).toBe('3.1.0');
    const read = document.paths['/api/v1/event']?.get;
    expect(read?.parameters?.map((parameter) => parameter.name).sort()).toEqual([
      'after',
      'end',
      'limit',
      'start',
      'timelines',
    ]);
    const write = document.paths['/api/v1/event']?.post;
    expect(write?.security).toEqual([{ bearer: [] }]);
    expect(write?.requestBody?.content['application/json']?.schema.required).toEqual(['type', 'app', 'desc']);
    expect(document.paths['/healthcheck']?.get?.security).toEqual([]);
  });

  it('every documented operation answers with a status it documents', async () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(10);
    for (const { path, method, operation } of operations) {
      const { url, init } = call(path, method);
      const abort = new AbortController();
      const response = await fetch(`${service.url}${url}`, { ...init, signal: abort.signal });
      expect(Object.keys(operation.responses), `${method.toUpperCase()} ${path} answered ${response.status}`).toContain(
        String(response.status),
      );
      const type = response.headers.get('content-type') ?? '';
      const documentedType = Object.keys(operation.responses[String(response.status)]?.content ?? {})[0] ?? '';
      expect(type.startsWith(documentedType), `${method.toUpperCase()} ${path}: ${type}`).toBe(true);
      abort.abort();
    }
  });

  it('docs/http.md names every route, and every route it names is served', async () => {
    const docs = readFileSync(new URL('../../docs/http.md', import.meta.url), 'utf8');
    // The endpoint table's rows: | GET | `/path?query` | auth | answers |
    const rows = [...docs.matchAll(/^\|\s*(GET|POST|PUT|DELETE|any)\s*\|\s*`([^`?]+)/gm)].map(
      ([, method, path]) => `${method} ${path}`,
    );
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const method of Object.keys(methods)) {
        const route = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
        expect(rows, `docs/http.md does not name ${route}`).toContain(route);
      }
    }
    // The dashboard's rows are served with the fleet's parts only (dashboard-views.test.ts covers them).
    for (const row of rows.filter((name) => name !== 'GET /')) {
      const [method = '', path = ''] = row.split(' ');
      const { url, init } = call(path.replace(':id', '{id}'), method === 'any' ? 'get' : method.toLowerCase());
      const abort = new AbortController();
      const response = await fetch(`${service.url}${url}`, { ...init, signal: abort.signal });
      // A live stream never ends: its status and headers are the answer.
      const live = response.headers.get('content-type')?.startsWith('text/event-stream');
      const body = live ? '' : await response.text();
      abort.abort();
      expect(`${response.status} ${body}`, `${row} is named in docs/http.md but not served`).not.toMatch(
        /^404 .*no route/,
      );
    }
  });
});
