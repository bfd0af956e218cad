import type { Command } from 'commander';

/** `simian schedule` (not built yet). */
export function register(_program: Command): void {}
