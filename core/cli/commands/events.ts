import type { Command } from 'commander';

/** `simian events` (not built yet). */
export function register(_program: Command): void {}
