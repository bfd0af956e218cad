import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testGateway } from '../notify/harness.js';
import { CHAOS_SCHEDULE, errorOf, type Service, startService, TOKEN } from './harness.js';

const EVENT = { type: 'Deploy', app: 'api-prod', desc: 'v42 out' };
const ALERT = { cluster: 'pycon', severity: 'critical', desc: 'down', incident_key: 'PyconAlert' };
const SWITCH = { state: 'on', reason: 'game day over' };
const manyFields = Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`field${index}`, index]));

/** [route, body (a string is sent as it is), what the 400 must say]. */
const MALFORMED: readonly [string, unknown, RegExp][] = [
  ['/api/v1/event', {}, /type is required/],
  ['/api/v1/event', { type: 'Deploy', desc: 'x' }, /app is required/],
  ['/api/v1/event', { type: 'Deploy', app: 'a' }, /desc is required/],
  ['/api/v1/event', { ...EVENT, type: '' }, /type/],
  ['/api/v1/event', { ...EVENT, type: 42 }, /type/],
  ['/api/v1/event', { ...EVENT, type: 'has space' }, /type: expected letters/],
  ['/api/v1/event', { ...EVENT, type: 'T'.repeat(101) }, /type/],
  ['/api/v1/event', { ...EVENT, app: '' }, /app/],
  ['/api/v1/event', { ...EVENT, app: null }, /app/],
  ['/api/v1/event', { ...EVENT, desc: 5 }, /desc/],
  ['/api/v1/event', { ...EVENT, desc: 'x'.repeat(5000) }, /desc/],
  ['/api/v1/event', { ...EVENT, monkey: 'Chaos!' }, /monkey: expected a monkey name/],
  ['/api/v1/event', { ...EVENT, dryRun: 'yes' }, /dryRun/],
  ['/api/v1/event', { ...EVENT, resource: 7 }, /resource/],
  ['/api/v1/event', { ...EVENT, region: '' }, /region/],
  ['/api/v1/event', { ...EVENT, timestamp: 'soon' }, /timestamp: expected an ISO-8601 time/],
  ['/api/v1/event', { ...EVENT, id: '1-0' }, /id is assigned by the timeline/],
  ['/api/v1/event', { ...EVENT, 'bad key': 1 }, /field name "bad key" is not a plain name/],
  ['/api/v1/event', { ...EVENT, ...manyFields }, /too many fields \(51; at most 50\)/],
  ['/api/v1/event', [EVENT], /expected object/],
  ['/api/v1/event', '"just text"', /expected object/],
  ['/api/v1/event', 'null', /a JSON body is required/],
  ['/api/v1/event', '{"type": "Deploy",', /the body is not valid JSON/],
  ['/api/v1/alert', {}, /cluster is required/],
  ['/api/v1/alert', { ...ALERT, severity: 'loud' }, /severity "loud" is unknown/],
  ['/api/v1/alert', { ...ALERT, incident_key: '' }, /incident_key/],
  ['/api/v1/alert', { ...ALERT, extra: 1 }, /unknown parameter extra/],
  ['/api/v1/alert', { ...ALERT, desc: 3 }, /desc/],
  ['/api/v1/alert/resolve', {}, /incident_key is required/],
  ['/api/v1/killswitch', {}, /state is required/],
  ['/api/v1/killswitch', { ...SWITCH, state: 'maybe' }, /state "maybe" is not on or off/],
  ['/api/v1/killswitch', { state: 'on' }, /reason is required/],
  ['/api/v1/killswitch', { ...SWITCH, reason: '' }, /reason/],
  ['/api/v1/killswitch', { ...SWITCH, who: 5 }, /who/],
  ['/api/v1/killswitch', { ...SWITCH, on: true }, /unknown parameter on/],
  ['/api/v1/run', {}, /schedule is required/],
  ['/api/v1/run', { schedule: 'no-such' }, /no schedule entry "no-such"/],
  ['/api/v1/run', { schedule: 'a:b' }, /schedule: expected a schedule id/],
  ['/api/v1/run', { schedule: 'chaos-web', monkey: 'gorilla' }, /schedule "chaos-web" runs chaos, not gorilla/],
  ['/api/v1/run', { schedule: 'chaos-web', requestId: 'bad id!' }, /requestId/],
  ['/api/v1/run', { schedule: 'chaos-web', params: { probability: 1 } }, /unknown parameter params/],
];

describe('HTTP input and access', () => {
  let service: Service;
  /** What a refused request must leave alone: the timeline, the kill switch, the queue. */
  const state = async () => ({
    events: (await service.timeline.query()).length,
    killSwitch: (await service.killSwitch.status()).on,
    jobs: await service.queue.count(),
  });

  beforeAll(async () => {
    service = await startService({
      schedules: CHAOS_SCHEDULE,
      alerts: (redis) => testGateway(redis, {}).gateway,
    });
  });
  afterAll(() => service.close());

  it(`answers 400 naming the problem to each of ${MALFORMED.length} malformed bodies, and changes nothing`, async () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(30);
    const before = await state();
    for (const [path, body, says] of MALFORMED) {
      const response = await service.send('POST', path, body);
      const error = await errorOf(response);
      expect({ path, body, status: response.status, error }).toMatchObject({
        status: 400,
        error: expect.stringMatching(says),
      });
    }
    expect(await state()).toEqual(before);
  });

  it.each(['/api/v1/event', '/api/v1/alert', '/api/v1/killswitch', '/api/v1/run'])(
    'POST %s over 64 KiB answers 413, and changes nothing',
    async (path) => {
      const before = await state();
      const response = await service.send('POST', path, { ...EVENT, ...SWITCH, desc: 'x'.repeat(70_000) });
      expect(response.status).toBe(413);
      expect(await errorOf(response)).toBe('the body is larger than 65536 bytes');
      expect(await state()).toEqual(before);
    },
  );

  it('answers 415 to a body that is not JSON', async () => {
    const response = await fetch(`${service.url}/api/v1/event`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' },
      body: 'type=Deploy',
    });
    expect(response.status).toBe(415);
  });

  it('every state-changing route answers 401 without the token or with a wrong one, and changes nothing', async () => {
    const before = await state();
    const writes: [string, string, unknown][] = [
      ['POST', '/api/v1/event', EVENT],
      ['POST', '/api/v1/alert', ALERT],
      ['POST', '/api/v1/alert/resolve', { incident_key: 'PyconAlert' }],
      ['POST', '/api/v1/killswitch', SWITCH],
      ['POST', '/api/v1/run', { schedule: 'chaos-web' }],
      ['POST', `/api/v1/reverts/rv-${'0'.repeat(24)}/run`, undefined],
      ['PUT', '/queues/api/queues/jobs/retry/failed', undefined],
      ['PUT', '/queues/admin/api/queues/jobs/retry/failed', undefined],
      ['DELETE', '/api/v1/event', undefined],
    ];
    for (const token of [null, 'a-very-secret-bearer-tokeX', `${TOKEN}x`, 'short']) {
      for (const [method, path, body] of writes) {
        const response = await service.send(method, path, body, token);
        expect({ method, path, token, status: response.status }).toEqual({ method, path, token, status: 401 });
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    }
    // The board that acts is shut without the token, even to look at.
    expect((await service.send('GET', '/queues/admin', undefined, null)).status).toBe(401);
    expect(await state()).toEqual(before);
  });

  it('sends security headers (a CSP with no inline script) and no CORS header', async () => {
    const response = await fetch(`${service.url}/status`, { headers: { origin: 'https://elsewhere.example' } });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('HTTP access when reads need the token, and the rate limit', () => {
  it('http.readToken required: reads answer 401 without the token, /healthcheck stays open', async () => {
    const service = await startService({ http: '  readToken: required\n' });
    try {
      for (const path of ['/status', '/metrics', '/api/v1/event?timelines=all:all', '/api/v1/killswitch', '/queues']) {
        expect({ path, status: (await service.send('GET', path, undefined, null)).status }).toEqual({
          path,
          status: 401,
        });
        expect({ path, status: (await service.send('GET', path)).status }).toEqual({ path, status: 200 });
      }
      expect((await service.send('GET', '/healthcheck', undefined, null)).status).toBe(200);
    } finally {
      await service.close();
    }
  });

  it('past http.rateLimit.max changes a minute, answers 429; reads are not limited', async () => {
    const service = await startService({ rateLimitMax: 2 });
    try {
      const post = () => service.send('POST', '/api/v1/event', EVENT);
      expect((await post()).status).toBe(201);
      expect((await post()).status).toBe(201);
      const limited = await post();
      expect(limited.status).toBe(429);
      expect(await errorOf(limited)).toMatch(/too many requests: at most 2 changes per 1 minute/);
      expect((await service.timeline.query()).length).toBe(2);
      for (let index = 0; index < 3; index++) expect((await service.send('GET', '/status')).status).toBe(200);
    } finally {
      await service.close();
    }
  });
});
