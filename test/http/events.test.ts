import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChronosAnswer } from '../../core/events/chronos-query.js';
import type { SimianEvent } from '../../core/events/event.js';
import { errorOf, type Service, startService } from './harness.js';
import { SseReader } from './sse.js';

// The talk's two Chronos examples (shared/seed): the event it posts, and the answer's shape for all:all.
const TALK_EVENT = {
  type: 'SampleEvent',
  app: 'pycon',
  desc: 'Presentation started',
  data_field: 'Going well so far',
  another_field: 'another_value',
};

function monkeyEvent(overrides: Partial<SimianEvent>): SimianEvent {
  return {
    type: 'Action',
    desc: 'terminated',
    monkey: 'chaos',
    dryRun: true,
    resource: 'i-1',
    group: 'web-prod',
    region: 'us-east-1',
    zone: 'us-east-1a',
    account: '123456789012',
    ...overrides,
  };
}

describe('Chronos API: /api/v1/event', () => {
  let service: Service;
  const get = async (query: string) => {
    const response = await service.send('GET', `/api/v1/event?${query}`, undefined, null);
    expect(response.status).toBe(200);
    return (await response.json()) as ChronosAnswer;
  };

  beforeAll(async () => {
    service = await startService();
  });
  afterAll(() => service.close());

  it("round-trips the talk's example: posted, then read back exactly from all:all", async () => {
    const posted = await service.send('POST', '/api/v1/event', TALK_EVENT);
    expect(posted.status).toBe(201);
    const recorded = (await posted.json()) as SimianEvent;
    expect(recorded).toMatchObject(TALK_EVENT);
    expect(recorded.id).toMatch(/^\d+-\d+$/);

    const answer = await get('timelines=all:all');
    expect(Object.keys(answer)).toEqual(['id', 'count', 'start', 'end', 'events', 'cursor']);
    expect(answer.count).toBe(1);
    expect(answer.id).toBe('all:all');
    expect(answer.cursor).toBe(recorded.id);
    const [event] = answer.events;
    expect(event).toMatchObject(TALK_EVENT);
    // Every field sent comes back as sent, and nothing but the timeline's own fields is added.
    const { id, timestamp, monkey, dryRun, resource, group, region, zone, account, ...sent } = event as SimianEvent;
    expect(sent).toEqual(TALK_EVENT);
    expect({ id, monkey, dryRun, resource, group, region, zone, account }).toEqual({
      id: recorded.id,
      monkey: null,
      dryRun: false,
      resource: null,
      group: null,
      region: null,
      zone: null,
      account: null,
    });
    expect(Number.isNaN(Date.parse(timestamp ?? ''))).toBe(false);
  });

  it('filters by monkey, group, app, type, several timelines at once, start, end and limit', async () => {
    await service.timeline.record(monkeyEvent({ resource: 'i-chaos' }));
    await service.timeline.record(monkeyEvent({ monkey: 'gorilla', type: 'Skip', group: 'api-prod', resource: 'i-g' }));
    const deploy = await service.send('POST', '/api/v1/event', { type: 'Deploy', app: 'api-prod', desc: 'v42 out' });
    expect(deploy.status).toBe(201);

    const resources = (answer: ChronosAnswer) => answer.events.map((event) => event.resource ?? event.type);
    expect(resources(await get('timelines=monkey:chaos'))).toEqual(['i-chaos']);
    expect(resources(await get('timelines=group:api-prod'))).toEqual(['i-g', 'Deploy']);
    expect(resources(await get('timelines=app:pycon'))).toEqual(['SampleEvent']);
    expect(resources(await get('timelines=type:Skip,type:Deploy'))).toEqual(['i-g', 'Deploy']);
    expect(resources(await get('timelines=monkey:chaos,app:pycon'))).toEqual(['SampleEvent', 'i-chaos']);
    expect((await get('timelines=all:all&limit=2')).count).toBe(2);

    const all = await get('timelines=all:all');
    const times = all.events.map((event) => Number(event.id?.split('-')[0]));
    const late = await get(`timelines=all:all&start=${times[3]}`);
    expect(late.start).toBe(times[3]);
    expect(late.events.every((event) => Number(event.id?.split('-')[0]) >= (times[3] as number))).toBe(true);
    const early = await get(`timelines=all:all&end=${new Date((times[0] as number) + 0).toISOString()}`);
    expect(early.events.every((event) => Number(event.id?.split('-')[0]) <= (times[0] as number))).toBe(true);
    expect(early.end).toBe(times[0]);
  });

  it.each([
    ['timelines=colour:blue', /timeline "colour:blue" is not understood/],
    ['limit=many', /limit "many" is not a positive integer/],
    ['start=yesterday', /start "yesterday" is not a time/],
    ['timeline=all:all', /unknown parameter timeline/],
  ])('a bad query (%s) answers 400 naming it', async (query, says) => {
    const response = await service.send('GET', `/api/v1/event?${query}`, undefined, null);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatch(says);
  });
});

describe('live events: GET /api/v1/event/stream', () => {
  let service: Service;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(() => service.close());

  const connect = async (query = '') => {
    const abort = new AbortController();
    const response = await fetch(`${service.url}/api/v1/event/stream${query}`, { signal: abort.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = new SseReader(response);
    // The starting point is fixed before this comment is sent: anything posted after it is delivered.
    expect(await reader.next()).toBe(': connected');
    return { reader, abort };
  };

  it('delivers an event posted after connecting, filtered by timelines', async () => {
    const { reader, abort } = await connect('?timelines=app:pycon');
    await service.send('POST', '/api/v1/event', { type: 'Deploy', app: 'other', desc: 'not this one' });
    const posted = (await (await service.send('POST', '/api/v1/event', TALK_EVENT)).json()) as SimianEvent;
    const frame = await reader.nextData();
    expect(frame?.id).toBe(posted.id);
    expect(frame?.data).toMatchObject({ ...TALK_EVENT, id: posted.id });
    abort.abort();
  });

  it('resumes after a given event id (as an EventSource does with Last-Event-ID)', async () => {
    const first = (await (await service.send('POST', '/api/v1/event', { ...TALK_EVENT, desc: 'one' })).json()) as {
      id: string;
    };
    await service.send('POST', '/api/v1/event', { ...TALK_EVENT, desc: 'two' });
    const { reader, abort } = await connect(`?after=${first.id}`);
    expect((await reader.nextData())?.data).toMatchObject({ desc: 'two' });
    abort.abort();
  });

  it('answers 400 to a bad timeline, and ends open streams when the server closes', async () => {
    const bad = await fetch(`${service.url}/api/v1/event/stream?timelines=colour:blue`);
    expect(bad.status).toBe(400);
    const own = await startService();
    const response = await fetch(`${own.url}/api/v1/event/stream`);
    const reader = new SseReader(response);
    expect(await reader.next()).toBe(': connected');
    await own.close();
    expect(await reader.next()).toBeNull();
  });
});
