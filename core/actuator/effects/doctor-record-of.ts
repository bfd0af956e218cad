import type { Action } from '../../plan/action.js';
import { DoctorRecord } from '../../safety/doctor-record.js';
import type { EffectContext } from '../effect.js';

/** Doctor's record for the action's account and region, or null when the run has no Redis. */
export function doctorRecordOf(action: Action, ctx: EffectContext): DoctorRecord | null {
  if (!ctx.records) return null;
  return new DoctorRecord({ ...ctx.records, account: action.account, region: action.region });
}
