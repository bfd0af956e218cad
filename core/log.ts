import { type Logger, pino } from 'pino';

/** Paths pino blanks out wherever they appear in a log object. */
export const REDACTED_PATHS = [
  'credentials',
  '*.credentials',
  'secretAccessKey',
  '*.secretAccessKey',
  'sessionToken',
  '*.sessionToken',
  'token',
  '*.token',
  'password',
  '*.password',
  'routingKey',
  '*.routingKey',
  'webhookUrl',
  '*.webhookUrl',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'url',
  '*.url',
];

export interface LogOptions {
  level?: string;
  /** Force pretty (or JSON) output; defaults to pretty on a TTY. */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

/**
 * JSON logs by default (for the fleet), pretty on a TTY; secrets are redacted. Logs go to stderr so that
 * `--json` output on stdout stays one clean document.
 */
export function createLogger(options: LogOptions = {}): Logger {
  const level = options.level ?? process.env.SIMIAN_LOG_LEVEL ?? 'info';
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY);
  const redact = { paths: REDACTED_PATHS, censor: '[redacted]' };
  if (pretty && !options.destination) {
    return pino({
      level,
      redact,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, ignore: 'pid,hostname' } },
    });
  }
  return pino({ level, redact }, (options.destination ?? pino.destination(2)) as pino.DestinationStream);
}

/** Redacts credentials embedded in a URL (`redis://:pw@host`, webhook paths) for display. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.username && parsed.password) parsed.username = '***';
    if (/hooks\.slack\.com|webhook/i.test(parsed.host + parsed.pathname)) return `${parsed.origin}/***`;
    return parsed.toString();
  } catch {
    return '***';
  }
}
