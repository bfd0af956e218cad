import type { Command } from 'commander';

/** `simian revert` (not built yet). */
export function register(_program: Command): void {}
