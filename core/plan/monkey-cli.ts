/**
 * How a typed flag becomes its param's value before the monkey's params schema checks it: as typed (`text`, the
 * default: the schema reads "30m" itself), a whole number, a percentage ("1%" or "1"), a comma-separated list, or the
 * monkey's own reader (Kong's `--record Z123:api.example.com`). A switch (a flag without `<value>`) sets true.
 */
export type FlagReader = 'text' | 'whole' | 'percent' | 'list' | ((text: string) => unknown);

/** One flag of a monkey's command, mapped onto one of its params: the params schema is the only check of the value. */
export interface MonkeyFlag {
  /** commander syntax: `--delay <duration>`, or `--then-gorilla` for a switch. */
  readonly flag: string;
  /** The param the flag sets; absent for a flag the command reads itself (the Janitor's `--csv`). */
  readonly param?: string;
  /**
   * Its line in `--help` and in the monkey's docs page, where the command line needs its own words; absent: its
   * param's description in the params schema (core/cli/flag-help.ts).
   */
  readonly help?: string;
  readonly read?: FlagReader;
  /** May be given several times; the param gets the list. */
  readonly repeatable?: boolean;
  readonly required?: boolean;
}

/**
 * A monkey's own command (`simian <monkey> [flags]`), generated from this declaration by core/cli: its flags map
 * onto its params, which its params schema checks (a refusal names the flag typed).
 */
export interface MonkeyCli {
  /** The command's description in `--help`. */
  readonly summary: string;
  readonly flags: readonly MonkeyFlag[];
  /** Params of which at most one may be given ("give either --count or --percent, not both"). */
  readonly exclusive?: readonly (readonly [string, string])[];
  /**
   * The params an armed run without --yes asks to be typed back, the first given one wins (Chaos: its `--group`);
   * none given: the region.
   */
  readonly confirm?: readonly string[];
  /** Absent: the run works in each --region given in turn (one merged report), else in the config's first region. */
  readonly region?: MonkeyRegion;
}

/** A monkey that works in one region a run (Gorilla, Kong): a second --region is refused before any AWS call. */
export interface MonkeyRegion {
  /** How the monkey says it works in one region, the refusal of a repeated --region ("evacuates one region"). */
  readonly one: string;
  /** The region from --region (given at most once) and the flags' params (Gorilla: the zone's own region). */
  resolve?(params: Readonly<Record<string, unknown>>, given: string | undefined): string | undefined;
  /** The param that receives the run's region (Kong's region to evacuate). */
  readonly param?: string;
}
