import type { Command } from 'commander';

/** `simian gorilla` (not built yet). */
export function register(_program: Command): void {}
