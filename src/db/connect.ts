import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase as SqliteDialectDatabase,
  sql,
} from 'kysely';
import type Pg from 'pg';
import type { Database } from './schema.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';

export type DialectName = 'sqlite' | 'postgres';

/** An open database: the Kysely instance plus what the few dialect-aware places need. */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: DialectName;
  /**
   * The raw SQLite connection (null on PostgreSQL), for the few hot statements where Kysely's
   * query building costs more than the statement (the ingest inserts, measured in
   * bench/ingest.ts). It is the same connection, so its statements join an open transaction.
   */
  readonly sqlite: SqliteDatabase.Database | null;
  /** The thread that checkpoints the SQLite WAL, when asked for (`backgroundCheckpoints`). */
  readonly walCheckpointer?: WalCheckpointer | null;
  close(): Promise<void>;
}

/** Anything queries can run on: the database or an open transaction. */
export type Executor = Kysely<Database>;

export interface OpenOptions {
  /** PostgreSQL URL; when null, SQLite under `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** SQLite file name inside dataDir (default checkpoint.db); ':memory:' for throwaway. */
  sqliteFile?: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /**
   * SQLite: checkpoint the WAL on a worker thread instead of in the committing statement (the
   * long-running server, whose event loop must not stall; see wal-checkpointer.ts).
   */
  backgroundCheckpoints?: boolean;
  /**
   * SQLite: open the file in SQLite's read-only mode (which holds even for root, whom file
   * permissions do not stop): reads work, every write fails with SQLITE_READONLY.
   */
  readonly?: boolean;
}

/** `pg` is loaded only when PostgreSQL is used (about 15 MB less for the embedded default). */
const loadPg = (): typeof Pg => createRequire(import.meta.url)('pg') as typeof Pg;

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Opens SQLite (WAL, busy_timeout so that the CLI and the server can share the file) or
 * PostgreSQL. Times are stored as epoch milliseconds: int8 is parsed to a JS number.
 */
export function openDatabase(options: OpenOptions): Db {
  if (options.databaseUrl) {
    const pg = loadPg();
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID || oid === NUMERIC_OID
            ? (value: string) => Number(value)
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection that the server ends (a restart, a failover) emits 'error' on the
    // pool; unhandled, that would kill the whole process. The pool drops that connection and
    // opens a new one on the next query; a query during the outage fails on its own.
    pool.on('error', () => {});
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: 'postgres', sqlite: null, close: () => kysely.destroy() };
  }
  const file = options.sqliteFile ?? 'checkpoint.db';
  let path = file;
  if (file !== ':memory:') {
    mkdirSync(options.dataDir, { recursive: true });
    path = join(options.dataDir, file);
  }
  const readonly = options.readonly === true && file !== ':memory:';
  const sqlite = new SqliteDatabase(path, { readonly });
  // A read-only connection cannot change the journal mode; the file is already in WAL.
  if (!readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 10000');
  // WAL + NORMAL is durable against process crashes (kill -9); only power loss may lose the
  // last commits, which is the trade-off SQLite documents for WAL mode.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  const walCheckpointer =
    options.backgroundCheckpoints && file !== ':memory:' ? new WalCheckpointer(sqlite, path) : null;
  return {
    kysely,
    dialect: 'sqlite',
    sqlite,
    walCheckpointer,
    async close() {
      await walCheckpointer?.close();
      await kysely.destroy();
    },
  };
}

/** How many distinct prepared statements one SQLite connection keeps. */
const STATEMENT_CACHE = 500;

/**
 * Kysely asks better-sqlite3 to prepare every query anew; compiling the same SQL again costs
 * more than running it. This keeps prepared statements by SQL text (least recently used out).
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDialectDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        statement = sqlite.prepare(text);
        if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, statement);
      return statement;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}

/**
 * Runs `fn` in one transaction. On SQLite it is `BEGIN IMMEDIATE`, so that a writer waits
 * for the lock (busy_timeout) up front instead of failing with SQLITE_BUSY when a second
 * process (CLI beside the server) wrote in between. `fn` must use the executor it is given.
 */
export async function transaction<T>(db: Db, fn: (trx: Executor) => Promise<T>): Promise<T> {
  if (db.dialect === 'postgres') return await db.kysely.transaction().execute(fn);
  return await db.kysely.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      // On SQLITE_FULL (and I/O or memory errors) SQLite has already rolled back: a second
      // ROLLBACK would fail with "no transaction is active" and hide the error that matters.
      if (db.sqlite?.inTransaction !== false) await sql`rollback`.execute(conn);
      throw error;
    }
  });
}

/**
 * Whether a transaction on this database is the only writer while it runs, so that rows
 * added since it began are its own: SQLite's `BEGIN IMMEDIATE` (see {@link transaction})
 * serialises writers; PostgreSQL runs them side by side.
 *
 * @example if (soleWriter(app.db)) context.stories = entry; // no need to read our rows again
 */
export function soleWriter(db: Db): boolean {
  return db.dialect === 'sqlite';
}
