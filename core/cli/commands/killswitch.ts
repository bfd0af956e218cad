import type { Command } from 'commander';

/** `simian killswitch` (not built yet). */
export function register(_program: Command): void {}
