import type { Command } from 'commander';

/** `simian kong` (not built yet). */
export function register(_program: Command): void {}
