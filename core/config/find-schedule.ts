import { InputError } from '../errors.js';
import type { LoadedConfig, LoadedSchedule } from './load.js';
import type { MonkeyName } from './schema.js';

/**
 * The schedule entry whose rules (selectors, exclusions, caps, params) govern a monkey outside its schedule: a manual
 * run or the inventory view. `id` picks one entry; else the monkey's first enabled entry; else none (tags alone).
 */
export function findSchedule(config: LoadedConfig, monkey: MonkeyName, id?: string): LoadedSchedule | undefined {
  if (id === undefined) return config.schedules.find((entry) => entry.monkey === monkey && entry.enabled);
  const entry = config.schedules.find((candidate) => candidate.id === id);
  if (!entry) {
    const known = config.schedules.filter((candidate) => candidate.monkey === monkey).map((candidate) => candidate.id);
    throw new InputError(
      `no schedule entry "${id}"${known.length > 0 ? ` (${monkey} entries: ${known.join(', ')})` : ` for ${monkey}`}`,
    );
  }
  if (entry.monkey !== monkey) throw new InputError(`schedule entry "${id}" is for ${entry.monkey}, not ${monkey}`);
  return entry;
}
