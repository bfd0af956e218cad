import { z } from 'zod';
import type { Action, Skip } from '../../../core/plan/action.js';
import type { Monkey } from '../../../core/run/monkey.js';
import { classifyInstances } from '../../../monkeys/shared/eligibility.js';
import { faultDuration } from '../../../monkeys/shared/fault-duration.js';
import { pokeInstance } from './poke-instance.js';
import { unpokeInstance } from './unpoke-instance.js';

export const toyParams = z.strictObject({
  note: z.string().min(1).default('hello').describe('What the mark on each poked instance says'),
  duration: faultDuration(10 * 60_000).describe('How long the mark stays before its revert removes it, 1m to 12h'),
});
type ToyParams = z.infer<typeof toyParams>;

/**
 * A test-only fault monkey, one folder: its params, its command's flags, its effects with their revert. Registered
 * with one line (`registerMonkey(toy)`), it gets a command, a params JSON Schema and IAM statements.
 */
export const toy: Monkey<ToyParams> = {
  name: 'toy',
  kind: 'fault',
  description: 'Pokes every opted-in instance with a tag, removed after --duration',
  params: toyParams,
  effects: [{ effect: pokeInstance, revert: unpokeInstance }],
  cli: {
    summary: 'Toy Monkey: tag every opted-in instance for a while (simian:toy=enabled)',
    flags: [
      { flag: '--note <text>', param: 'note', help: 'what the mark says (default hello)' },
      { flag: '--duration <duration>', param: 'duration', help: 'how long the mark stays, 1m to 12h (default 10m)' },
    ],
  },
  plan({ snapshot, params, optIn }) {
    const { candidates, skipped } = classifyInstances(snapshot, snapshot.instances, optIn);
    const actions: Action[] = candidates.map(({ instance, group }) => ({
      kind: pokeInstance.kind,
      resource: instance.id,
      group: group.name,
      account: snapshot.account,
      region: snapshot.region,
      zone: instance.zone,
      params: { note: params.note },
      durationMs: params.duration,
    }));
    const spared: Skip[] = skipped;
    return { monkey: 'toy', target: { region: snapshot.region }, actions, skipped: spared };
  },
};
