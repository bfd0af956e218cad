import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** One request a receiver got. */
export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  json(): Record<string, unknown>;
}

/** A real HTTP receiver on 127.0.0.1 (a stand-in PagerDuty, Slack or webhook endpoint). */
export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** Statuses answered in turn (0: no answer at all); after the list, `then` (default 200). */
  answer(statuses: number[], then?: number): void;
  /** Resolves once `count` requests have arrived in all. */
  waitFor(count: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(path = '/hook'): Promise<Receiver> {
  const received: Received[] = [];
  let queue: number[] = [];
  let fallback = 200;
  const waiters: Array<{ count: number; resolve: (all: Received[]) => void }> = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ path: request.url ?? '', headers: request.headers, body, json: () => JSON.parse(body) });
      const status = queue.shift() ?? fallback;
      // 0: never answer (a receiver that hangs); closed with the server.
      if (status !== 0) {
        response.statusCode = status;
        response.end(status < 300 ? 'ok' : 'nope');
      }
      for (const waiter of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve([...received]);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answer(statuses, then = 200) {
      queue = [...statuses];
      fallback = then;
    },
    waitFor(count) {
      if (received.length >= count) return Promise.resolve([...received]);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Receivers on these paths for every test of the file: started before them, emptied and answering 200 again before
 * each, closed after. `started` hands them over in the order of `paths`.
 */
export function useReceivers<const P extends readonly string[]>(
  paths: P,
  started: (receivers: { -readonly [K in keyof P]: Receiver }) => void,
): void {
  let all: Receiver[] = [];
  beforeAll(async () => {
    all = await Promise.all(paths.map((path) => startReceiver(path)));
    started(all as { -readonly [K in keyof P]: Receiver });
  });
  beforeEach(() => {
    for (const receiver of all) {
      receiver.received.length = 0;
      receiver.answer([]);
    }
  });
  afterAll(async () => {
    await Promise.all(all.map((receiver) => receiver.close()));
  });
}

/**
 * One receiver for every test of the file, usable where the file declares it: started before its tests, closed after
 * them. What it received accumulates over the file (unlike `useReceivers`, nothing is emptied between tests).
 */
export function useReceiver(path = '/hook'): Receiver {
  let started: Receiver | undefined;
  const real = (): Receiver => {
    if (!started) throw new Error('the receiver is used before the tests started it (use it inside a test or hook)');
    return started;
  };
  beforeAll(async () => {
    started = await startReceiver(path);
  });
  afterAll(() => started?.close());
  return {
    get url() {
      return real().url;
    },
    get received() {
      return real().received;
    },
    answer: (statuses, then) => real().answer(statuses, then),
    waitFor: (count) => real().waitFor(count),
    close: () => real().close(),
  };
}
