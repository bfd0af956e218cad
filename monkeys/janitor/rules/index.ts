import { InputError } from '../../../core/errors.js';
import type { JanitorType } from '../world.js';
import { detachedVolume } from './detached-volume.js';
import { emptyGroup } from './empty-group.js';
import { idleClassicLoadBalancer } from './idle-classic-load-balancer.js';
import { idleLoadBalancer } from './idle-load-balancer.js';
import { idleLogGroup } from './idle-log-group.js';
import { oldRdsClusterSnapshot } from './old-rds-cluster-snapshot.js';
import { oldRdsSnapshot } from './old-rds-snapshot.js';
import { orphanedInstance } from './orphaned-instance.js';
import type { AnyRule } from './rule.js';
import { stoppedInstance } from './stopped-instance.js';
import { unassociatedAddress } from './unassociated-address.js';
import { unattachedInterface } from './unattached-interface.js';
import { unusedImage } from './unused-image.js';
import { unusedLaunchConfiguration } from './unused-launch-configuration.js';
import { unusedSecurityGroup } from './unused-security-group.js';
import { unusedSnapshot } from './unused-snapshot.js';
import { unusedTargetGroup } from './unused-target-group.js';

/** Every Janitor rule, in the order a resource's rules are tried (the first violated one marks it). */
export const JANITOR_RULES: readonly AnyRule[] = [
  orphanedInstance,
  stoppedInstance,
  detachedVolume,
  unusedSnapshot,
  unusedImage,
  emptyGroup,
  unusedLaunchConfiguration,
  idleLoadBalancer,
  idleClassicLoadBalancer,
  unassociatedAddress,
  unusedTargetGroup,
  unattachedInterface,
  unusedSecurityGroup,
  oldRdsSnapshot,
  oldRdsClusterSnapshot,
  idleLogGroup,
];

export const RULE_IDS = JANITOR_RULES.map((rule) => rule.id);

/** The rule of that id; an unknown id is bad input with the list of valid ones. */
export function getRule(id: string): AnyRule {
  const rule = JANITOR_RULES.find((candidate) => candidate.id === id);
  if (!rule) throw new InputError(`unknown janitor rule "${id}" (valid rules: ${RULE_IDS.join(', ')})`);
  return rule;
}

export function rulesOfType(type: JanitorType): AnyRule[] {
  return JANITOR_RULES.filter((rule) => rule.type === type);
}
