import type { Effect } from '../effect.js';
import { rebootInstance } from './reboot-instance.js';
import { startInstance } from './start-instance.js';
import { stopInstance } from './stop-instance.js';
import { terminateInstance } from './terminate-instance.js';

/**
 * The built-in action kinds. To add one: write its file in this folder, import it here and append it to this list;
 * core/actuator/registry.ts registers every entry.
 */
export const builtinEffects: readonly Effect[] = [terminateInstance, stopInstance, startInstance, rebootInstance];
