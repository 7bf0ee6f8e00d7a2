import { pino } from 'pino';

/** The logger interface the rest of the code depends on (pino-compatible subset). */
export interface Logger {
  trace(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/**
 * Structured JSON logs (pino). The server logs to stdout; the CLI passes `destination: 2` so
 * that stdout stays clean for `--json` output.
 */
export function createLogger(level: string, destination: 1 | 2 = 1): Logger {
  return pino(
    { level, base: undefined },
    pino.destination({ fd: destination, sync: destination === 2 }),
  );
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = pino({ level: 'silent' });
