import { z } from 'zod';
import { compileGlob } from '../../core/config/glob.js';
import { glob } from '../../core/config/glob-check.js';
import type { Tags } from '../../core/fleet/model.js';
import { SEVERITIES } from '../../core/plan/finding.js';

/**
 * What a report monkey's schedule entry may say of its rules (params), written once for Conformity and Security:
 *
 *   params:
 *     exclude: [{ names: ["bastion-*"], reason: jump hosts }]   # every rule
 *     rules:
 *       instance-too-old: { maxAgeDays: 90, severity: critical, exclude: [{ tags: { team: data } }] }
 *       instance-not-in-vpc: { enabled: false }
 */

/** Spares resources from findings: every criterion given must match (ids and names are globs; tag values too). */
export const reportExclusion = z
  .strictObject({
    ids: z.array(glob.min(1)).optional().describe('Resource id globs (i-0abc*)'),
    names: z.array(glob.min(1)).optional().describe('Resource name globs (bastion-*)'),
    tags: z.record(z.string(), glob).optional().describe('Tag key → value glob; every pair must match'),
    reason: z.string().optional().describe('Why, shown beside each spared resource'),
  })
  .refine((rule) => rule.ids !== undefined || rule.names !== undefined || rule.tags !== undefined, {
    error: 'an exclusion needs ids, names or tags',
  });
export type ReportExclusion = z.infer<typeof reportExclusion>;

/** The keys every rule takes, beside its own parameters. */
export const commonRuleSettings = {
  enabled: z.boolean().default(true).describe('false turns the rule off (default true)'),
  /** Replaces the rule's severity for all its findings. */
  severity: z
    .enum(SEVERITIES)
    .optional()
    .describe(`Replaces the rule's severity for all its findings: ${SEVERITIES.join(', ')}`),
  exclude: z
    .array(reportExclusion)
    .default([])
    .describe("Resources spared from this rule's findings (every criterion given must match)"),
};
export type CommonRuleSettings = z.infer<z.ZodObject<typeof commonRuleSettings>>;

/** What an exclusion is matched against: the resource's id, its name (if any) and its tags. */
export interface Excludable {
  readonly resource: string;
  readonly name?: string | undefined;
  readonly tags: Tags;
}

const anyMatches = (globs: readonly string[], value: string | undefined) =>
  value !== undefined && globs.some((pattern) => compileGlob(pattern).test(value));

export function exclusionMatches(rule: ReportExclusion, subject: Excludable): boolean {
  if (rule.ids && !anyMatches(rule.ids, subject.resource)) return false;
  if (rule.names && !anyMatches(rule.names, subject.name)) return false;
  for (const [key, pattern] of Object.entries(rule.tags ?? {})) {
    if (!anyMatches([pattern], subject.tags[key])) return false;
  }
  return true;
}
