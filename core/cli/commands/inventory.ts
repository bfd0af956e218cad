import type { Command } from 'commander';

/** `simian inventory` (not built yet). */
export function register(_program: Command): void {}
