/** The tags Doctor writes on an instance it remedies (the cooldown and the quarantine read them back). */
export const DOCTOR_TAGS = {
  remediedAt: 'simian:doctor:remedied-at',
  rule: 'simian:doctor:rule',
  remedy: 'simian:doctor:remedy',
  quarantinedAt: 'simian:doctor:quarantined-at',
  quarantinedFrom: 'simian:doctor:quarantined-from',
} as const;

/** A tag holding an ISO time, as a Date (null when absent or not a time). */
export function tagTime(tags: Readonly<Record<string, string>>, key: string): Date | null {
  const value = tags[key];
  if (value === undefined) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}
