import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { chronosQuery, parseTimelines } from '../../core/events/chronos-query.js';
import type { SimianEvent } from '../../core/events/event.js';
import { RedisTimeline } from '../../core/events/timeline.js';
import { testRedis, uniquePrefix } from '../support/env.js';

let redis: Redis;
beforeAll(() => {
  redis = testRedis();
});
afterAll(() => redis.disconnect());

function event(overrides: Partial<SimianEvent>): SimianEvent {
  return {
    type: 'Action',
    desc: 'did terminate-instance',
    monkey: 'chaos',
    dryRun: false,
    resource: 'i-1',
    group: 'web-prod',
    region: 'us-east-1',
    zone: 'us-east-1a',
    account: '123456789012',
    ...overrides,
  };
}

async function seeded() {
  const timeline = new RedisTimeline(redis, { prefix: uniquePrefix('tl') });
  await timeline.record(event({ type: 'Plan', resource: null, zone: null }));
  await timeline.record(event({ resource: 'i-1', kind: 'terminate-instance', runId: 'r1' }));
  await timeline.record(event({ monkey: 'gorilla', group: 'api-prod', resource: 'i-2' }));
  await timeline.record(event({ type: 'Skip', resource: 'i-3', guard: 'caps', reason: 'maxPerGroup reached' }));
  await timeline.record(event({ monkey: 'gorilla', group: 'api-prod', resource: 'i-4', dryRun: true }));
  return timeline;
}

describe('RedisTimeline', () => {
  it('keeps the contract fields and any extra field', async () => {
    const timeline = await seeded();
    const [plan, action] = await timeline.query();
    expect(plan).toMatchObject({ type: 'Plan', monkey: 'chaos', resource: null, zone: null, dryRun: false });
    expect(action).toMatchObject({ resource: 'i-1', kind: 'terminate-instance', runId: 'r1', account: '123456789012' });
    expect(action?.id).toMatch(/^\d+-\d+$/);
    expect(Date.parse(action?.timestamp ?? '')).not.toBeNaN();
  });

  it('filters by monkey, group, type and resource, and limits to the newest, oldest first', async () => {
    const timeline = await seeded();
    expect((await timeline.query({ monkey: 'gorilla' })).map((e) => e.resource)).toEqual(['i-2', 'i-4']);
    expect((await timeline.query({ group: 'web-prod' })).map((e) => e.resource)).toEqual([null, 'i-1', 'i-3']);
    expect((await timeline.query({ type: 'Skip' }))[0]).toMatchObject({ guard: 'caps', reason: 'maxPerGroup reached' });
    expect((await timeline.query({ resource: 'i-4' }))[0]?.dryRun).toBe(true);
    expect((await timeline.query({ limit: 2 })).map((e) => e.resource)).toEqual(['i-3', 'i-4']);
    expect(await timeline.query({ since: new Date(Date.now() + 60_000) })).toEqual([]);
    expect(await timeline.query({ until: new Date(0) })).toEqual([]);
  });

  it('trims events older than the retention', async () => {
    const prefix = uniquePrefix('tl');
    const timeline = new RedisTimeline(redis, { prefix, retentionMs: 30 * 86_400_000 });
    await timeline.record(event({ resource: 'i-old-1' }));
    await timeline.record(event({ resource: 'i-old-2' }));
    expect(await timeline.trim()).toBe(0);
    const later = new RedisTimeline(redis, {
      prefix,
      retentionMs: 30 * 86_400_000,
      clock: fixedClock(new Date(Date.now() + 31 * 86_400_000)),
    });
    expect(await later.trim()).toBe(2);
    expect(await timeline.query()).toEqual([]);
  });

  it('follow yields an event recorded after it started, matching its filter', async () => {
    const timeline = await seeded();
    const iterator = timeline.follow({ monkey: 'kong', blockMs: 1000 })[Symbol.asyncIterator]();
    const next = iterator.next();
    await timeline.record(event({ monkey: 'chaos', resource: 'i-not-this' }));
    await timeline.record(event({ monkey: 'kong', resource: 'us-west-2', type: 'Action' }));
    const { value, done } = await next;
    expect(done).toBe(false);
    expect(value).toMatchObject({ monkey: 'kong', resource: 'us-west-2' });
    await iterator.return?.(undefined);
  });
});

describe('Chronos query', () => {
  it('answers id, count, start, end and events for all:all and for a union of timelines', async () => {
    const timeline = await seeded();
    const all = await chronosQuery(timeline, { timelines: 'all:all' });
    expect(all.count).toBe(5);
    expect(all.id).toBe('all:all');
    expect(all.cursor).toBe(all.events[4]?.id);
    // Nothing asked: the window is as far back as the timeline keeps events, up to now.
    expect(all.start).toBeLessThanOrEqual(Number(all.events[0]?.id?.split('-')[0]));
    const some = await chronosQuery(timeline, { timelines: 'type:Skip,monkey:gorilla', limit: '10', start: 0 });
    expect(some.events.map((e) => e.resource)).toEqual(['i-2', 'i-3', 'i-4']);
    expect(some).toMatchObject({ id: 'type:Skip,monkey:gorilla', start: 0 });
    expect(
      (await chronosQuery(timeline, { timelines: 'group:api-prod', limit: 1 })).events.map((e) => e.resource),
    ).toEqual(['i-4']);
  });

  it('names the problem in a bad timeline or limit', async () => {
    expect(() => parseTimelines('colour:blue')).toThrow(/timeline "colour:blue" is not understood/);
    const timeline = new RedisTimeline(redis, { prefix: uniquePrefix('tl') });
    await expect(chronosQuery(timeline, { limit: 'many' })).rejects.toThrow(/limit "many" is not a positive integer/);
  });
});
