import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One JSON line per event on stdout; modules take a child logger named after themselves. Written
 * through process.stdout rather than pino's default sonic-boom destination, whose exit-time flush
 * retries forever once stdout's reader is gone (EPIPE); server/app.ts shuts down on that instead.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, process.stdout);
}
