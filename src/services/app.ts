import type { Config } from '../config/index.ts';
import { type Db, openDatabase } from '../db/connect.ts';
import { migrate } from '../db/migrations/index.ts';
import { type Clock, systemClock } from '../domain/types.ts';
import { type Logger, silentLogger } from '../lib/logger.ts';
import { useDnsServers } from '../lib/net/dns-servers.ts';
import { createSafeFetcher, type SafeFetcher } from '../lib/net/safe-fetch.ts';
import { ensureAdmin } from './accounts/users.ts';
import { withDomainErrors } from './net-errors.ts';
import { type Notifier, noNotifier } from './notifier-port.ts';

/** Everything a use case needs, built once by `main.ts` or the CLI and passed in. */
export interface App {
  readonly config: Config;
  readonly db: Db;
  readonly fetcher: SafeFetcher;
  readonly clock: Clock;
  readonly log: Logger;
  /** Outbound channels (ntfy, e-mail, Web Push), plugged in by the composition root. */
  readonly notifier: Notifier;
  close(): Promise<void>;
}

/**
 * Opens the database (migrated, with an admin from the first start) and the safe fetcher.
 *
 * @example const app = await openApp(loadConfig()); … await app.close();
 */
export async function openApp(
  config: Config,
  options: {
    clock?: Clock;
    log?: Logger;
    db?: Db;
    notifier?: (app: App) => Notifier;
    /** The long-running server: SQLite checkpoints its WAL on a thread (wal-checkpointer.ts). */
    server?: boolean;
  } = {},
): Promise<App> {
  useDnsServers(config.dnsServers);
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLogger;
  const db =
    options.db ??
    openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      backgroundCheckpoints: options.server ?? false,
    });
  db.walCheckpointer?.whenLost((reason) =>
    log.warn({ reason }, 'the WAL checkpoint thread stopped; the connection checkpoints again'),
  );
  await migrate(db);
  await ensureAdmin(db.kysely, clock);
  const fetcher = withDomainErrors(
    createSafeFetcher({
      allowNetworks: config.allowNetworks,
      timeoutMs: config.fetch.timeoutMs,
      maxBytes: config.fetch.maxBytes,
      maxRedirects: 5,
    }),
  );
  const app: { -readonly [K in keyof App]: App[K] } = {
    config,
    db,
    fetcher,
    clock,
    log,
    notifier: noNotifier,
    async close() {
      app.notifier.close();
      await fetcher.close();
      await db.close();
    },
  };
  if (options.notifier) app.notifier = options.notifier(app);
  return app;
}
