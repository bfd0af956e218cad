import type { Monkey } from '../core/run/monkey.js';
import { asgLbZoneMismatch } from './conformity/asg-lb-zone-mismatch.js';
import { asgSingleZone } from './conformity/asg-single-zone.js';
import { imdsv2NotRequired } from './conformity/imdsv2-not-required.js';
import { instanceNotInAsg } from './conformity/instance-not-in-asg.js';
import { instanceNotInVpc } from './conformity/instance-not-in-vpc.js';
import { instanceTooOld } from './conformity/instance-too-old.js';
import { lbCrossZoneOff } from './conformity/lb-cross-zone-off.js';
import { type ConformityObserved, readConformityObserved } from './conformity/observed.js';
import { optInTagNotPropagated } from './conformity/opt-in-tag-not-propagated.js';
import { requiredSecurityGroup } from './conformity/required-security-group.js';
import { requiredTags } from './conformity/required-tags.js';
import { openIngress } from './shared/open-ingress.js';
import {
  type AnyReportRule,
  planReport,
  type ReportParams,
  readsOf,
  reportParamsSchema,
} from './shared/report-rules.js';

/** Conformity's rules, in the order the docs list them. */
export const CONFORMITY_RULES: readonly AnyReportRule<ConformityObserved>[] = [
  instanceNotInAsg,
  instanceTooOld,
  requiredTags,
  instanceNotInVpc,
  imdsv2NotRequired,
  asgSingleZone,
  asgLbZoneMismatch,
  lbCrossZoneOff,
  openIngress,
  requiredSecurityGroup,
  optInTagNotPropagated,
];

/**
 * Conformity Monkey: finds instances, groups, load balancers and security groups that break the fleet's rules (no
 * group, too old, missing tags, IMDSv1, one zone, zones unlike their balancer's, open ports ...). It never acts.
 */
export const conformity: Monkey<ReportParams, ConformityObserved> = {
  name: 'conformity',
  kind: 'report',
  description: 'Find instances, groups, load balancers and security groups that break the fleet rules',
  params: reportParamsSchema(CONFORMITY_RULES),
  reads: readsOf(CONFORMITY_RULES),
  rules: CONFORMITY_RULES.map((rule) => rule.id),
  observes: 'load-balancer',
  // The attribute reads cost a call per balancer: none when the one rule that needs them is off.
  prepare: async ({ params, clients, target }) =>
    params.rules[lbCrossZoneOff.id]?.enabled === false ? { crossZone: {} } : readConformityObserved(clients, target),
  plan: (input) => planReport('conformity', CONFORMITY_RULES, input),
};
