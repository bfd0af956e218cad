import type { Command } from 'commander';

/** `simian serve` (not built yet). */
export function register(_program: Command): void {}
