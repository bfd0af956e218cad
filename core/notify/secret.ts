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

/** Anything URL-shaped (scheme://… up to a space or a closing bracket, quote or final period). */
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>()]*[^\s"'<>().,;:]/gi;

/**
 * The text with every URL replaced by `<url>`: a channel's URL is itself a credential (a Slack webhook's path, a
 * password), and errors from fetch and undici may echo it. Every failure reason passes through here.
 */
export function redactUrls(text: string): string {
  return text.replace(URL_IN_TEXT, '<url>');
}

/**
 * A URL secret's text (readSecret), refused when it carries a user name or password: fetch never sends those, and
 * they would only travel into error messages. The refusal names where it came from, never the URL.
 */
export function readUrl(source: SecretSource, what: string, env: NodeJS.ProcessEnv = process.env): string {
  const url = readSecret(source, what, env);
  if (hasUserinfo(url)) {
    throw new PermanentDeliveryError(
      `${what}: a user name or password in the URL is not allowed (put the credential in the path or a header)`,
    );
  }
  return url;
}

/** Whether a URL text carries `user[:password]@` before its host. */
export function hasUserinfo(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url);
  }
}
