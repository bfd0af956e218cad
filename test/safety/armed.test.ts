import { describe, expect, it } from 'vitest';
import { decideDryRun } from '../../core/safety/armed.js';

describe('decideDryRun', () => {
  it('is a dry run by default', () => {
    expect(decideDryRun({ configArmed: false, flagDryRun: true })).toMatchObject({ dryRun: true });
  });

  it('refuses --no-dry-run when the config is not armed, saying which side is not armed', () => {
    const decision = decideDryRun({ configArmed: false, flagDryRun: false });
    expect(decision.dryRun).toBe(true);
    expect(decision.refused?.guard).toBe('armed');
    expect(decision.refused?.reason).toMatch(/^--no-dry-run asks for real actions, but the config is not armed/);
  });

  it('stays a dry run when the config is armed but the run did not ask', () => {
    expect(decideDryRun({ configArmed: true, flagDryRun: true }).dryRun).toBe(true);
  });

  it('is armed with an armed config and --no-dry-run', () => {
    expect(decideDryRun({ configArmed: true, flagDryRun: false })).toEqual({
      dryRun: false,
      reason: 'armed: config armed: true and --no-dry-run',
    });
  });

  it('is armed with an armed config and an armed schedule entry', () => {
    expect(decideDryRun({ configArmed: true, flagDryRun: true, scheduleArmed: true }).dryRun).toBe(false);
  });

  it('an armed schedule entry alone does not arm an unarmed config: the run is refused', () => {
    const decision = decideDryRun({ configArmed: false, flagDryRun: true, scheduleArmed: true });
    expect(decision.dryRun).toBe(true);
    expect(decision.refused?.reason).toMatch(/^the schedule entry \(armed: true\) asks for real actions/);
  });
});
