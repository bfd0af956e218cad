import { redactUrl } from '../log.js';
import type { Override } from './env.js';
import type { GlobalConfig } from './schema.js';
import type { PositionedYaml } from './yaml-positions.js';

export type SourceKind = 'default' | 'file' | 'env' | 'flag';

/** Where one effective config value came from; /status prints the list. */
export interface ConfigSource {
  /** Dotted key ("redis.url", "accounts.0.id"). */
  readonly key: string;
  /** The effective value, secrets redacted. */
  readonly value: unknown;
  readonly source: SourceKind;
  /** For file values: display path and line. */
  readonly file?: string;
  readonly line?: number;
  /** For env and flag values: "SIMIAN_REDIS_URL", "--region". */
  readonly origin?: string;
  readonly loadedAt: Date;
}

const SECRET_KEY = /token|secret|password|routingkey|apikey|credential/i;

/** What /status may show of a value: secrets are blanked, URLs lose their credentials and webhook paths. */
export function redactValue(key: string, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  const last = key.split('.').at(-1) ?? key;
  if (SECRET_KEY.test(last) || key.startsWith('notifications.pagerduty')) return '[redacted]';
  if (typeof value === 'string' && /url$/i.test(last)) {
    // A notification URL is itself the credential (webhook paths carry tokens): show only where it goes.
    if (key.startsWith('notifications.')) return `${redactUrl(value).replace(/^(\w+:\/\/[^/]+).*$/, '$1')}/***`;
    return redactUrl(value);
  }
  return value;
}

/** Leaves of the effective config: scalars and lists of scalars, with array-of-object items by index. */
function leaves(value: unknown, path: string[] = []): Array<{ path: string[]; value: unknown }> {
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) return [{ path, value }];
    return value.flatMap((item, index) => leaves(item, [...path, String(index)]));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, child]) => child !== undefined);
    return entries.flatMap(([key, child]) => leaves(child, [...path, key]));
  }
  return [{ path, value }];
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index]);
}

/** One entry per effective leaf: flag beats env beats file beats default. */
export function buildSources(
  config: GlobalConfig,
  file: PositionedYaml | undefined,
  env: readonly Override[],
  flags: readonly Override[],
  loadedAt: Date,
): ConfigSource[] {
  return leaves(config).map(({ path, value }) => {
    const key = path.join('.');
    const shown = redactValue(key, value);
    const flag = flags.find((override) => samePath(override.path, path));
    if (flag) return { key, value: shown, source: 'flag', origin: flag.origin, loadedAt };
    const fromEnv = env.find((override) => samePath(override.path, path));
    if (fromEnv) return { key, value: shown, source: 'env', origin: fromEnv.origin, loadedAt };
    const indexed = path.map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
    if (file?.has(indexed)) {
      return { key, value: shown, source: 'file', file: file.file, line: file.locate(indexed).line, loadedAt };
    }
    return { key, value: shown, source: 'default', loadedAt };
  });
}
