import { InputError } from '../../core/errors.js';

/** `--record <hostedZoneId>:<name>[:<type>[:<setIdentifier>]]` → a Kong record (type A and set identifier = region by default). */
export function parseRecordFlag(text: string): Record<string, string> {
  const parts = text.split(':');
  if (parts.length < 2 || parts.length > 4 || parts.some((part) => part.trim() === '')) {
    throw new InputError(
      `--record "${text}" is malformed (expected <hostedZoneId>:<name>[:<type>[:<setIdentifier>]], e.g. Z123:api.example.com:A:us-east-1)`,
    );
  }
  const [hostedZoneId, name, type, setIdentifier] = parts as [string, string, string?, string?];
  return { hostedZoneId, name, ...(type ? { type } : {}), ...(setIdentifier ? { setIdentifier } : {}) };
}
