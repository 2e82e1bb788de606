import { pino, type Logger } from 'pino';

export type { Logger };

/** One JSON line per event on stdout; modules take a child logger named after themselves. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}
