import type { Tags } from '../../core/fleet/model.js';
import { DEFAULT_TAG_PREFIX } from '../../core/fleet/opt-in.js';
import { matchesGlob } from '../../core/fleet/selectors.js';
import { type KillRate, type KillRateFields, killRateOf } from './kill-rate.js';
import type { ChaosFault, ChaosGroupOverride, ChaosParams } from './params.js';

/** Tags a group's owners set to tune how often Chaos visits them (suffixes of `<prefix>:chaos:`). */
export const CHAOS_RATE_TAGS = {
  meanTimeBetweenKillsDays: 'mtbk-days',
  probability: 'probability',
  maxPerDay: 'max-per-day',
} as const;

/** What Chaos does to one group (an ASG, or an app / stack / cluster), all layers applied. */
export interface GroupChaosSettings {
  readonly fault: ChaosFault;
  readonly durationMs: number;
  readonly killRate: KillRate;
  readonly lossPercent: number;
  readonly corruptionPercent: number;
  readonly processes: readonly string[];
}

export type SettingsResult =
  | { readonly ok: true; readonly settings: GroupChaosSettings }
  | { readonly ok: false; readonly reason: string };

/** The first `groups:` entry whose name or glob matches the group. */
export function groupOverride(params: ChaosParams, groupName: string): ChaosGroupOverride | undefined {
  const key = Object.keys(params.groups).find((pattern) => matchesGlob(groupName, pattern));
  return key === undefined ? undefined : params.groups[key];
}

/** Reads the rate tags; the first tag set (in group-name order) that has one wins. */
function rateFromTags(tagSets: readonly Tags[], prefix: string): KillRateFields | string {
  const fields: Record<string, number> = {};
  for (const [field, suffix] of Object.entries(CHAOS_RATE_TAGS)) {
    const key = `${prefix}:chaos:${suffix}`;
    const raw = tagSets.map((tags) => tags[key]).find((value) => value !== undefined);
    if (raw === undefined) continue;
    const value = Number(raw.trim());
    const valid = raw.trim() !== '' && Number.isFinite(value) && (field === 'probability' ? value >= 0 : value > 0);
    if (!valid) return `tag ${key}="${raw}" is not a ${field === 'probability' ? 'non-negative' : 'positive'} number`;
    fields[field] = value;
  }
  if (fields.meanTimeBetweenKillsDays !== undefined && (fields.probability ?? fields.maxPerDay) !== undefined) {
    return `tags ${prefix}:chaos:mtbk-days and ${prefix}:chaos:probability/max-per-day contradict each other`;
  }
  return fields;
}

/** Layers the kill-rate fields: a layer naming a mean replaces the model, one naming probability/cap switches to it. */
function layerRates(layers: readonly KillRateFields[]): KillRateFields {
  let merged: KillRateFields = {};
  for (const layer of layers) {
    const runsPerDay = layer.runsPerDay ?? merged.runsPerDay;
    if (layer.meanTimeBetweenKillsDays !== undefined) {
      merged = { meanTimeBetweenKillsDays: layer.meanTimeBetweenKillsDays, runsPerDay };
    } else if (layer.probability !== undefined || layer.maxPerDay !== undefined) {
      merged = {
        probability: layer.probability ?? merged.probability,
        maxPerDay: layer.maxPerDay ?? merged.maxPerDay,
        runsPerDay,
      };
    } else {
      merged = { ...merged, runsPerDay };
    }
  }
  return merged;
}

/**
 * The settings of one group: the run's params, then the first matching `groups:` entry, then the group's own rate
 * tags (owners know best how often their service can take a hit). A tag that cannot be read spares the group.
 */
export function resolveGroupSettings(
  params: ChaosParams,
  groupName: string,
  tagSets: readonly Tags[],
  tagPrefix = DEFAULT_TAG_PREFIX,
): SettingsResult {
  const override = groupOverride(params, groupName) ?? {};
  const tagged = rateFromTags(tagSets, tagPrefix);
  if (typeof tagged === 'string') return { ok: false, reason: tagged };
  return {
    ok: true,
    settings: {
      fault: override.fault ?? params.fault,
      durationMs: override.duration ?? params.duration,
      killRate: killRateOf(layerRates([params, override, tagged])),
      lossPercent: override.lossPercent ?? params.lossPercent,
      corruptionPercent: override.corruptionPercent ?? params.corruptionPercent,
      processes: override.processes ?? params.processes,
    },
  };
}
