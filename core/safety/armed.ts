/** The inputs of the one decision that makes a run real instead of a dry run. */
export interface ArmedInputs {
  /** `armed` in the global config. */
  readonly configArmed: boolean;
  /** The command line's dry-run flag: true unless `--no-dry-run` was given. */
  readonly flagDryRun: boolean;
  /** `armed: true` on the schedule entry that started the run, if any. */
  readonly scheduleArmed?: boolean;
}

export interface ArmedDecision {
  readonly dryRun: boolean;
  readonly reason: string;
  /**
   * Set when the run asked for real actions that the config does not allow: the run is refused (exit 3, guard
   * `armed`), never quietly turned into a dry run, so a game-day script never believes an outage happened.
   */
  readonly refused?: { readonly guard: 'armed'; readonly reason: string };
}

/**
 * Decided once, at the top of a run: a real action needs the config to allow it AND the run to ask for it
 * (`--no-dry-run`, or a schedule entry with `armed: true`). Asking without the config's consent is refused.
 */
export function decideDryRun({ configArmed, flagDryRun, scheduleArmed = false }: ArmedInputs): ArmedDecision {
  const asked = !flagDryRun || scheduleArmed;
  const how = !flagDryRun ? '--no-dry-run' : 'the schedule entry (armed: true)';
  if (configArmed && asked) return { dryRun: false, reason: `armed: config armed: true and ${how}` };
  if (asked) {
    const reason = `${how} asks for real actions, but the config is not armed (set armed: true in simian.yaml to allow them): nothing was done`;
    return { dryRun: true, reason, refused: { guard: 'armed', reason } };
  }
  if (configArmed)
    return { dryRun: true, reason: 'dry run: the config is armed but the run did not ask (--no-dry-run)' };
  return { dryRun: true, reason: 'dry run: the default (the config is not armed and no --no-dry-run)' };
}
