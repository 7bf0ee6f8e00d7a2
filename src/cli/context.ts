import { type Config, ConfigError, loadConfig } from '../config/index.ts';
import { createNotifier } from '../delivery/channel-notifier.ts';
import { CheckpointError } from '../domain/errors.ts';
import { type Clock, fixedClock } from '../domain/types.ts';
import { createLogger } from '../lib/logger.ts';
import { useDnsServers } from '../lib/net/dns-servers.ts';
import type { User } from '../services/accounts/user.ts';
import { resolveUser } from '../services/accounts/users.ts';
import { type App, openApp } from '../services/app.ts';
import { databaseFault } from '../services/database-faults.ts';

/** Raised for wrong usage (bad option values): exit code 2. */
export class UsageError extends CheckpointError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** Output helpers: data to stdout, messages to stderr (so `--json` stays parseable). */
export const out = {
  json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  },
  line(text = ''): void {
    process.stdout.write(`${text}\n`);
  },
  info(text: string): void {
    process.stderr.write(`${text}\n`);
  },
};

/** Global options every command accepts. */
export interface GlobalOptions {
  user?: string;
}

let cachedConfig: Config | undefined;

export function config(): Config {
  if (!cachedConfig) {
    cachedConfig = loadConfig();
    // Commands that fetch without opening the app (`feed parse`) resolve like the app does.
    useDnsServers(cachedConfig.dnsServers);
  }
  return cachedConfig;
}

/**
 * Opens the app for one CLI command as the acting user (`--user`, else the admin), runs
 * `fn`, and closes everything. CLI logs go to stderr, at warn unless LOG_LEVEL says more.
 */
export async function withApp<T>(
  globals: GlobalOptions,
  fn: (app: App, user: User) => Promise<T>,
  options: { clock?: Clock } = {},
): Promise<T> {
  const cfg = config();
  // Commands report their own failures in one line each (a failing feed, say); the log adds
  // only errors unless LOG_LEVEL asks for more.
  const level = cfg.logLevel === 'info' ? 'error' : cfg.logLevel;
  const app = await openApp(cfg, {
    log: createLogger(level, 2),
    notifier: createNotifier,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  try {
    const user = await resolveUser(app.db.kysely, globals.user);
    return await fn(app, user);
  } finally {
    await app.close();
  }
}

/** Parses an `--at`/`--since` value; a usage error when it is not a date. */
export function parseTime(value: string, option: string): Date {
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new UsageError(`${option} must be an ISO-8601 date or time (got "${value}")`);
  return new Date(ms);
}

export function clockAt(at: string | undefined): Clock | undefined {
  return at ? fixedClock(parseTime(at, '--at')) : undefined;
}

/** Parses a positive integer option or argument; a usage error otherwise. */
export function parseId(value: string, what: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`${what} must be a positive whole number (got "${value}")`);
  return Number(value);
}

/** Maps an error to the exit code and one line on stderr. */
export function exitCodeFor(thrown: unknown): number {
  const error = databaseFault(thrown) ?? thrown;
  if (error instanceof ConfigError) {
    out.info(error.message);
    return 2;
  }
  if (error instanceof UsageError) {
    out.info(`checkpoint: ${error.message}`);
    return 2;
  }
  if (error instanceof CheckpointError) {
    out.info(`checkpoint: ${error.message}`);
    return 1;
  }
  out.info(`checkpoint: ${error instanceof Error ? error.message : String(error)}`);
  const verbose = cachedConfig?.logLevel === 'debug' || cachedConfig?.logLevel === 'trace';
  if (verbose && error instanceof Error) out.info(error.stack ?? '');
  return 1;
}
