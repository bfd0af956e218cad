import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import { z } from 'zod';

/** Checks of the model that need more than a pattern: globs, holiday places, the tag prefix. */

export { glob } from './glob-check.js';

/** The prefix of the opt-in tags: `<prefix>:<monkey>`, so neither empty nor holding ":" or whitespace. */
export const tagPrefix = z.string().superRefine((text, ctx) => {
  if (text === '') {
    ctx.addIssue({ code: 'custom', message: 'must not be empty (the prefix of the opt-in tags, e.g. simian)' });
  } else if (/[:\s]/.test(text)) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" must not contain ":" or whitespace (the tags are <prefix>:<monkey>)`,
    });
  }
});

// The holiday tables are big (~14 MiB): loaded when a config names a place, not with the schema.
const requireCjs = createRequire(import.meta.url);
let known: Holidays | undefined;
/** One date-holidays instance for the lists of countries, states and regions (it is costly to build). */
function holidayData(): Holidays {
  known ??= new (requireCjs('date-holidays') as typeof Holidays)();
  return known;
}

function examples(codes: Record<string, string> | undefined): string {
  return Object.keys(codes ?? {})
    .slice(0, 3)
    .join(', ');
}

/**
 * Where public holidays are read: a country date-holidays knows, optionally one of its states and one of that
 * state's regions (case-insensitive, as the calendar reads them). Checked at load, so a typo is exit 2 with its
 * location rather than every armed run refused later.
 */
export const holidayPlace = z
  .strictObject({ country: z.string().min(2), state: z.string().optional(), region: z.string().optional() })
  .superRefine((place, ctx) => {
    const data = holidayData();
    const country = place.country.toUpperCase();
    if (!(country in data.getCountries())) {
      ctx.addIssue({
        code: 'custom',
        path: ['country'],
        message: `"${place.country}" is not a country date-holidays knows (expected an ISO 3166 code, e.g. US, DE, GB)`,
      });
      return;
    }
    if (place.state === undefined) {
      if (place.region !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['region'],
          message: 'a region needs its state (calendar.holidays.state)',
        });
      }
      return;
    }
    const states = data.getStates(country);
    const state = place.state.toUpperCase();
    if (!states || !(state in states)) {
      ctx.addIssue({
        code: 'custom',
        path: ['state'],
        message: states
          ? `"${place.state}" is not a state of ${country} that date-holidays knows (e.g. ${examples(states)})`
          : `${country} has no states in date-holidays: leave calendar.holidays.state out`,
      });
      return;
    }
    if (place.region === undefined) return;
    const regions = data.getRegions(country, state);
    if (!regions || !(place.region.toUpperCase() in regions)) {
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: regions
          ? `"${place.region}" is not a region of ${country}-${state} that date-holidays knows (e.g. ${examples(regions)})`
          : `${country}-${state} has no regions in date-holidays: leave calendar.holidays.region out`,
      });
    }
  });
