import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';
import { REDACTED_PATHS } from '../../core/log.js';

/** A logger configured as simian's (same redaction), writing every line (debug and up) into `lines`. */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink), lines };
}
