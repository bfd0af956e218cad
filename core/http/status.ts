import type { LoadedConfig } from '../config/load.js';
import { redactValue } from '../config/sources.js';
import { VERSION } from '../version.js';

export interface StatusKey {
  readonly key: string;
  readonly value: unknown;
  readonly source: string;
  /** file:line for file values, the variable or flag for env and flag values. */
  readonly origin: string | null;
  readonly updatedAt: string;
}

export interface StatusDocument {
  readonly version: string;
  readonly region: string;
  readonly regions: readonly string[];
  readonly loadedAt: string;
  /** When the serving process started, and how long ago (whole seconds). */
  readonly startedAt?: string;
  readonly uptimeSeconds?: number;
  readonly config: readonly StatusKey[];
}

/** `GET /status`: version, region, and every config key with its value, source and last update (secrets redacted). */
export function statusDocument(config: LoadedConfig, process?: { startedAt: Date; now: Date }): StatusDocument {
  return {
    version: VERSION,
    region: config.global.regions[0] ?? 'us-east-1',
    regions: config.global.regions,
    loadedAt: config.loadedAt.toISOString(),
    ...(process
      ? {
          startedAt: process.startedAt.toISOString(),
          uptimeSeconds: Math.max(0, Math.floor((process.now.getTime() - process.startedAt.getTime()) / 1000)),
        }
      : {}),
    config: config.sources.map((source) => ({
      key: source.key,
      value: redactValue(source.key, source.value),
      source: source.source,
      origin: source.file ? `${source.file}:${source.line ?? 1}` : (source.origin ?? null),
      updatedAt: new Date(source.loadedAt).toISOString(),
    })),
  };
}
