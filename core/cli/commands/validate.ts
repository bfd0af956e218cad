import type { Command } from 'commander';

/** `simian validate` (not built yet). */
export function register(_program: Command): void {}
