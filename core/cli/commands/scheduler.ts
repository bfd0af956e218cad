import type { Command } from 'commander';

/** `simian scheduler` (not built yet). */
export function register(_program: Command): void {}
