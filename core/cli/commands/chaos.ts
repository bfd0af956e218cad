import type { Command } from 'commander';

/** `simian chaos` (not built yet). */
export function register(_program: Command): void {}
