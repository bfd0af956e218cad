import { readFileSync } from 'node:fs';
import { PermanentDeliveryError } from './channels/channel.js';

/** Where a secret comes from: inline, an environment variable's name, or a file's path. */
export interface SecretSource {
  readonly value?: string | undefined;
  readonly env?: string | undefined;
  readonly file?: string | undefined;
}

/**
 * The secret's text, read when a delivery needs it (so a rotated file is picked up). A missing one is a permanent
 * delivery failure of that channel, never a crash; the message names where it looked, never the value.
 */
export function readSecret(source: SecretSource, what: string, env: NodeJS.ProcessEnv = process.env): string {
  if (source.value !== undefined) return source.value;
  if (source.env !== undefined) {
    const value = env[source.env];
    if (!value) throw new PermanentDeliveryError(`${what}: environment variable ${source.env} is not set`);
    return value;
  }
  if (source.file !== undefined) {
    try {
      const value = readFileSync(source.file, 'utf8').replace(/\r?\n$/, '');
      if (value) return value;
    } catch {
      // reported below, without the OS error (paths are fine, contents never)
    }
    throw new PermanentDeliveryError(`${what}: cannot read ${source.file}`);
  }
  throw new PermanentDeliveryError(`${what}: not configured`);
}

/** Whether a secret source is given at all. */
export function hasSecret(source: SecretSource): boolean {
  return source.value !== undefined || source.env !== undefined || source.file !== undefined;
}
