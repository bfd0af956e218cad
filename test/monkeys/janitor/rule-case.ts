import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { AwsClients } from '../../../core/aws/clients.js';
import { DELETE_KIND } from '../../../monkeys/janitor/kinds.js';
import type { JanitorType } from '../../../monkeys/janitor/world.js';
import type { Receiver } from '../../support/receiver.js';
import { doneOf, janitorAt, janitorConfig } from './harness.js';
import { accessFor } from './typed-resources.js';

/** One rule's cast: a violating resource, a conforming one, an opted-out one, and one that is used again later. */
export interface RuleCast {
  readonly violating: string;
  readonly conforming: string;
  readonly optedOut: string;
  readonly reused: string;
  /** Resources in use by each of the rule's use checks: never marked, never deleted. */
  readonly inUse?: readonly string[];
  /** Gives `reused` a use (the rule's "in use" check must see it). */
  use(): Promise<void>;
}

const OWNER = 'erin@example.com';

/**
 * Drives one rule through its lifecycle on an injected clock: two runs a day apart (the first starts the seen-at
 * clock of state rules), then the violating and the reused resources are marked (tags asserted) and their owner told
 * once; the reused one gains a use; ten days on, the violating one is deleted, the reused one unmarked, and the
 * conforming and opted-out ones were never touched.
 */
export async function driveRule(
  clients: AwsClients,
  redis: Redis,
  receiver: Receiver,
  rule: string,
  type: JanitorType,
  cast: RuleCast,
  rules: Record<string, unknown> = {},
): Promise<void> {
  const access = accessFor(clients, type);
  const janitor = janitorAt(clients, redis, janitorConfig(receiver.url));
  const params = { types: [type], rules: { [rule]: { days: 0 }, ...rules } };
  const heard = receiver.received.length;

  await janitor.run(params);
  janitor.days(1);
  const marking = await janitor.run(params);
  expect(marking.refused).toBeUndefined();
  for (const id of [cast.violating, cast.reused]) {
    const tags = await access.tags(id);
    expect(tags).toMatchObject({
      'simian:janitor:rule': rule,
      'simian:janitor:marked-at': expect.any(String),
      'simian:janitor:delete-after': expect.any(String),
      'simian:janitor:notified-at': expect.any(String),
    });
    // Age rules mark on the first run, state rules once their seen-at clock has run a day: told when marked.
    expect(tags['simian:janitor:notified-at']).toBe(tags['simian:janitor:marked-at']);
    expect(Date.parse(tags['simian:janitor:delete-after'] as string)).toBeGreaterThan(janitor.clock.now().getTime());
  }
  for (const id of [cast.conforming, cast.optedOut, ...(cast.inUse ?? [])]) {
    expect(Object.keys(await access.tags(id)).filter((key) => key.startsWith('simian:janitor:'))).toEqual([]);
  }
  await receiver.waitFor(heard + 1);
  // Other tests' leftovers in this moto may have digests of their own: these are the ones about this cast.
  const about = () => receiver.received.slice(heard).filter((digest) => digest.body.includes(cast.violating));
  expect(about()).toHaveLength(1);
  expect(about()[0]?.body).toContain(OWNER);
  expect(about()[0]?.body).toContain(rule);
  expect(about()[0]?.body).toContain(cast.reused);

  await cast.use();
  janitor.days(1);
  const waiting = await janitor.run(params);
  expect(doneOf(waiting, DELETE_KIND[type])).toEqual([]);
  janitor.days(9);
  const deleting = await janitor.run(params);
  expect(doneOf(deleting, DELETE_KIND[type])).toEqual([cast.violating]);
  expect(await access.exists(cast.violating)).toBe(false);
  for (const id of [cast.conforming, cast.optedOut, cast.reused, ...(cast.inUse ?? [])]) {
    expect(await access.exists(id), `${id} is in use and must still exist`).toBe(true);
  }
  expect(Object.keys(await access.tags(cast.reused)).filter((key) => key.startsWith('simian:janitor:rule'))).toEqual(
    [],
  );
  // Told once: no second digest for what was already announced.
  expect(about()).toHaveLength(1);
}

export const OWNED = { owner: OWNER };
export const OPTED_OUT = { owner: OWNER, 'simian:janitor': 'disabled' };
