import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChronosAnswer } from '../../core/events/chronos-query.js';
import type { SimianEvent } from '../../core/events/event.js';
import { errorOf, type Service, startService, TOKEN } from './harness.js';

const run = promisify(execFile);

// The talk's two Chronos examples (shared/seed), byte for byte: the body it posts and the query it reads with.
const TALK_BODY = `{
    "type": "SampleEvent",
    "app": "pycon",
    "desc": "Presentation started",
    "data_field": "Going well so far",
    "another_field": "another_value"
}`;
const TALK_QUERY = '/api/v1/event?timelines=all:all';
const TALK_EVENT = JSON.parse(TALK_BODY) as Record<string, string>;

/** curl as a user types it: `-d` sends the body as application/x-www-form-urlencoded unless told otherwise. */
async function curl(...args: string[]): Promise<{ status: number; body: string }> {
  const { stdout } = await run('curl', ['-sS', '-w', '\n%{http_code}', ...args]);
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) };
}

describe("Chronos as the talk shows it (the talk's two examples through curl and the JSON API)", () => {
  let service: Service;
  const auth = `Authorization: Bearer ${TOKEN}`;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(() => service.close());

  it("curl -d with the talk's body records the event (form content type as curl sends it, and none at all)", async () => {
    const plain = await curl('-H', auth, '-d', TALK_BODY, `${service.url}/api/v1/event`);
    expect(plain.status).toBe(201);
    expect(JSON.parse(plain.body)).toMatchObject(TALK_EVENT);
    // requests.post(data=json.dumps(...)) sends no content type at all.
    const none = await curl('-H', auth, '-H', 'Content-Type:', '-d', TALK_BODY, `${service.url}/api/v1/event`);
    expect(none.status).toBe(201);
    expect(JSON.parse(none.body)).toMatchObject(TALK_EVENT);
  });

  it("GET ?timelines=all:all answers the talk's shape: id is the timeline, start/end the window in epoch ms", async () => {
    const before = Date.now();
    await service.send('POST', '/api/v1/event', TALK_EVENT);
    const { status, body } = await curl(`${service.url}${TALK_QUERY}`);
    expect(status).toBe(200);
    const answer = JSON.parse(body) as ChronosAnswer;
    expect(Object.keys(answer).slice(0, 5)).toEqual(['id', 'count', 'start', 'end', 'events']);
    expect(answer.id).toBe('all:all');
    expect(answer.count).toBe(answer.events.length);
    expect(answer.count).toBeGreaterThanOrEqual(3);
    expect(typeof answer.start).toBe('number');
    expect(typeof answer.end).toBe('number');
    // The window covers every event returned.
    const times = answer.events.map((event) => Number(event.id?.split('-')[0]));
    expect(answer.start).toBeLessThanOrEqual(Math.min(...times));
    expect(answer.end).toBeGreaterThanOrEqual(Math.max(...times));
    expect(answer.end).toBeGreaterThanOrEqual(before);
    expect(answer.events.at(-1)).toMatchObject(TALK_EVENT);
  });

  it('id names the timelines asked for, and the polling cursor is a field of its own', async () => {
    const answer = (await (
      await service.send('GET', '/api/v1/event?timelines=app:pycon', undefined, null)
    ).json()) as ChronosAnswer;
    expect(answer.id).toBe('app:pycon');
    expect(answer.cursor).toBe(answer.events.at(-1)?.id);
    const posted = (await (
      await service.send('POST', '/api/v1/event', { ...TALK_EVENT, desc: 'next' })
    ).json()) as SimianEvent;
    const next = (await (
      await service.send('GET', `/api/v1/event?timelines=app:pycon&after=${answer.cursor}`, undefined, null)
    ).json()) as ChronosAnswer;
    expect(next.events.map((event) => event.id)).toEqual([posted.id]);
    expect(next.cursor).toBe(posted.id);
  });

  it('an empty answer still says the timeline and the window, with no cursor', async () => {
    const answer = (await (
      await service.send('GET', '/api/v1/event?timelines=monkey:nobody', undefined, null)
    ).json()) as ChronosAnswer;
    expect(answer).toMatchObject({ id: 'monkey:nobody', count: 0, cursor: null, events: [] });
    expect(typeof answer.start).toBe('number');
    expect(typeof answer.end).toBe('number');
  });

  it('start in epoch seconds (as time.time() gives it) narrows the window; it is never read as milliseconds', async () => {
    const all = (await (await service.send('GET', '/api/v1/event', undefined, null)).json()) as ChronosAnswer;
    const newest = Number(all.events.at(-1)?.id?.split('-')[0]);
    const seconds = Math.floor(newest / 1000) + 1;
    for (const start of [String(seconds), `${seconds}.25`]) {
      const answer = (await (
        await service.send('GET', `/api/v1/event?start=${start}`, undefined, null)
      ).json()) as ChronosAnswer;
      expect(answer.start).toBe(Number(start) * 1000);
      expect(answer.events).toEqual([]);
    }
  });

  it("understands the talk's compact yyyyMMddHHmm… times", async () => {
    const answer = (await (
      await service.send(
        'GET',
        '/api/v1/event?timelines=all:all&start=201303010500000&end=201303160500000',
        undefined,
        null,
      )
    ).json()) as ChronosAnswer;
    expect(answer).toMatchObject({
      id: 'all:all',
      start: Date.UTC(2013, 2, 1, 5, 0),
      end: Date.UTC(2013, 2, 16, 5, 0),
      count: 0,
    });
  });

  it.each([
    ['start=123456789012345678', /start "123456789012345678" is not a time/],
    ['start=201313010500', /start "201313010500" is not a time/],
    ['end=-5', /end "-5" is not a time/],
    ['after=all:all', /after: expected an event id/],
  ])('a time or cursor it cannot read (%s) is refused, never misread', async (query, says) => {
    const response = await service.send('GET', `/api/v1/event?${query}`, undefined, null);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatch(says);
  });

  it('a body of another media type is refused with 415 naming the Content-Type header', async () => {
    const response = await curl(
      '-H',
      auth,
      '-H',
      'Content-Type: text/csv',
      '-d',
      TALK_BODY,
      `${service.url}/api/v1/event`,
    );
    expect(response.status).toBe(415);
    expect(JSON.parse(response.body).error).toMatch(/Content-Type: application\/json/);
  });

  it('a form-encoded body that is not JSON is 400, saying the body must be JSON', async () => {
    const response = await curl('-H', auth, '-d', 'type=Deploy&app=x', `${service.url}/api/v1/event`);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toMatch(/not valid JSON/);
  });
});
