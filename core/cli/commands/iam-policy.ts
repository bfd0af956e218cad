import type { Command } from 'commander';

/** `simian iam-policy` (not built yet). */
export function register(_program: Command): void {}
