import type { Command } from 'commander';

/** `simian up` (not built yet). */
export function register(_program: Command): void {}
