import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

/** Which faults the proxy injects, each on a share (0..1) of the calls. */
export interface FaultPlan {
  /** The service's own throttling error, in its own protocol (RequestLimitExceeded, Throttling, ThrottlingException). */
  readonly throttle?: number;
  /** A 500/503 server error. */
  readonly serverError?: number;
  /** Added before every call is forwarded. */
  readonly latencyMs?: number;
  /** A mutating call is forwarded and done, but its answer replaced by a 503: the client cannot know it happened. */
  readonly swallowMutation?: number;
}

/** The protocol a call speaks, which decides how its error looks. */
type Protocol = 'ec2' | 'query' | 'json' | 'rest-xml';

interface Call {
  readonly protocol: Protocol;
  readonly action: string;
  readonly body: Buffer;
}

/** What the proxy saw and did. */
export interface ProxyFigures {
  calls: number;
  throttled: number;
  serverErrors: number;
  swallowed: number;
  /** Per action ("TerminateInstances"), the calls forwarded to moto. */
  readonly forwarded: Map<string, number>;
  /** Per action, the milliseconds moto took to answer, added up over its calls (overlapping calls each count). */
  readonly answerMs: Map<string, number>;
  /** Per instance id, the TerminateInstances calls that reached moto. */
  readonly terminations: Map<string, number>;
  /** When each TerminateInstances was forwarded (epoch ms): when the action started. */
  readonly terminationTimes: number[];
  /** Per instance id, the Stop/StartInstances calls that reached moto (by action): doubles of reversible faults. */
  readonly instanceCalls: { readonly StopInstances: Map<string, number>; readonly StartInstances: Map<string, number> };
}

export interface FaultProxy {
  readonly url: string;
  readonly figures: ProxyFigures;
  /** Changes the faults from the next call on. */
  set(plan: FaultPlan): void;
  close(): Promise<void>;
}

const MUTATING = /^(?!Describe|List|Get)/;

/** The service and action of a call, from its x-amz-target header, its Action form field or its path. */
function classify(request: IncomingMessage, body: Buffer): Call {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') {
    return { protocol: 'json', action: target.split('.').pop() ?? target, body };
  }
  if ((request.url ?? '').startsWith('/2013-04-01/')) {
    const path = (request.url ?? '').split('?')[0] ?? '';
    const action = `${request.method === 'GET' ? 'List' : 'Change'}${path.split('/').slice(3).join('/')}`;
    return { protocol: 'rest-xml', action, body };
  }
  const form = new URLSearchParams(body.toString());
  const action = form.get('Action') ?? 'Unknown';
  // The signing scope names the service: Credential=key/date/region/<service>/aws4_request.
  const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(String(request.headers.authorization ?? ''))?.[1];
  return { protocol: service === 'ec2' ? 'ec2' : 'query', action, body };
}

/** The throttling error each protocol's SDK recognises (and retries with backoff). */
function throttling(protocol: Protocol): { status: number; type: string; body: string } {
  const id = randomUUID();
  switch (protocol) {
    case 'ec2':
      return {
        status: 503,
        type: 'text/xml',
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>${id}</RequestID></Response>`,
      };
    case 'json':
      return {
        status: 400,
        type: 'application/x-amz-json-1.1',
        body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }),
      };
    case 'rest-xml':
      return {
        status: 400,
        type: 'text/xml',
        body: `<?xml version="1.0"?>\n<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
      };
    default:
      return {
        status: 400,
        type: 'text/xml',
        body: `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
      };
  }
}

/** A 5xx in the call's protocol (InternalError / ServiceUnavailable). */
function serverError(protocol: Protocol, status: 500 | 503) {
  const code = status === 500 ? 'InternalError' : 'ServiceUnavailable';
  const id = randomUUID();
  if (protocol === 'json') {
    return { status, type: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: code, message: code }) };
  }
  if (protocol === 'ec2') {
    return {
      status,
      type: 'text/xml',
      body: `<Response><Errors><Error><Code>${code}</Code><Message>${code}</Message></Error></Errors><RequestID>${id}</RequestID></Response>`,
    };
  }
  return {
    status,
    type: 'text/xml',
    body: `<ErrorResponse><Error><Type>Receiver</Type><Code>${code}</Code><Message>${code}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
  };
}

/** A small deterministic generator (mulberry32): the same seed injects the same faults. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * A fault proxy between the SDK and moto: every call is counted, then answered with an injected fault in its own
 * protocol's error format, or forwarded (after any added latency), or forwarded and its answer swallowed.
 */
export async function startFaultProxy(upstream: string, plan: FaultPlan = {}, seed = 7): Promise<FaultProxy> {
  let faults = plan;
  const random = seededRandom(seed);
  const figures: ProxyFigures = {
    calls: 0,
    throttled: 0,
    serverErrors: 0,
    swallowed: 0,
    forwarded: new Map(),
    answerMs: new Map(),
    terminations: new Map(),
    terminationTimes: [],
    instanceCalls: { StopInstances: new Map(), StartInstances: new Map() },
  };
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const call = classify(request, Buffer.concat(chunks));
    figures.calls += 1;
    const reply = (answer: { status: number; type: string; body: string }) => {
      response.writeHead(answer.status, {
        'content-type': answer.type,
        'content-length': Buffer.byteLength(answer.body),
      });
      response.end(answer.body);
    };
    if (random() < (faults.throttle ?? 0)) {
      figures.throttled += 1;
      return reply(throttling(call.protocol));
    }
    if (random() < (faults.serverError ?? 0)) {
      figures.serverErrors += 1;
      return reply(serverError(call.protocol, random() < 0.5 ? 500 : 503));
    }
    if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    bump(figures.forwarded, call.action);
    const perInstance =
      call.action === 'TerminateInstances'
        ? figures.terminations
        : call.action === 'StopInstances' || call.action === 'StartInstances'
          ? figures.instanceCalls[call.action]
          : undefined;
    if (call.action === 'TerminateInstances') figures.terminationTimes.push(Date.now());
    if (perInstance) {
      for (const [key, value] of new URLSearchParams(call.body.toString())) {
        if (/^InstanceId\.\d+$/.test(key)) bump(perInstance, value);
      }
    }
    const headers = new Headers();
    for (const [key, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && key !== 'connection' && key !== 'content-length') headers.set(key, value);
    }
    const sent = performance.now();
    try {
      const answer = await fetch(`${upstream}${request.url ?? '/'}`, {
        method: request.method,
        headers,
        ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body: call.body }),
      });
      const text = Buffer.from(await answer.arrayBuffer());
      figures.answerMs.set(call.action, (figures.answerMs.get(call.action) ?? 0) + performance.now() - sent);
      if (MUTATING.test(call.action) && random() < (faults.swallowMutation ?? 0)) {
        figures.swallowed += 1;
        return reply(serverError(call.protocol, 503));
      }
      const out: Record<string, string> = {};
      answer.headers.forEach((value, key) => {
        if (key !== 'content-encoding' && key !== 'transfer-encoding' && key !== 'content-length') out[key] = value;
      });
      response.writeHead(answer.status, { ...out, 'content-length': text.length });
      response.end(text);
    } catch (error) {
      response.writeHead(502);
      response.end(String(error));
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    figures,
    set(next) {
      faults = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
