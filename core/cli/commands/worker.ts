import type { Command } from 'commander';

/** `simian worker` (not built yet). */
export function register(_program: Command): void {}
