import type { Command } from 'commander';

/** `simian demo` (not built yet). */
export function register(_program: Command): void {}
