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

const LEVEL_WORDS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warning',
  50: 'error',
  60: 'fatal',
};

/** One pino record as the sentence a person reads: "simian: warning: cannot record the event: Redis unreachable". */
export function logSentence(line: string, name = 'simian'): string {
  let record: { level?: number; msg?: string; error?: unknown; err?: { message?: string } };
  try {
    record = JSON.parse(line);
  } catch {
    return `${name}: ${line.trim()}\n`;
  }
  const level = LEVEL_WORDS[record.level ?? 30] ?? 'info';
  const detail = typeof record.error === 'string' ? record.error : record.err?.message;
  return `${name}: ${level === 'error' ? '' : `${level}: `}${record.msg ?? ''}${detail ? `: ${detail}` : ''}\n`;
}

const commandLoggers = new WeakSet<Logger>();

/**
 * The logger of a one-shot command (`simian events`, `simian gorilla` ...): its stderr is for the one sentence that
 * matters, so logs below error are shown only with --debug (as the fleet's logs: JSON, pretty on a TTY) or when
 * SIMIAN_LOG_LEVEL asks; what is shown is a sentence per record, never a raw JSON line.
 */
export function createCommandLogger(options: { debug?: boolean; name?: string } = {}): Logger {
  const name = options.name ?? 'simian';
  const logger = options.debug
    ? createLogger({ level: 'debug' })
    : pino(
        { level: process.env.SIMIAN_LOG_LEVEL || 'error', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
        { write: (line: string) => process.stderr.write(logSentence(line, name)) },
      );
  commandLoggers.add(logger);
  return logger;
}

/** Whether a logger is a one-shot command's (so warnings meant for the person go to stderr as sentences). */
export function isCommandLogger(logger: Logger): boolean {
  return commandLoggers.has(logger);
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
