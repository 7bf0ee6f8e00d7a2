import { CheckpointError } from '../domain/errors.ts';

/** What went wrong with the database itself (not with a query's input). */
export type DatabaseFaultCode = 'db_full' | 'db_readonly' | 'db_unavailable';

/**
 * The database refused or lost a write for a reason outside the request: the disk (or
 * SQLite's max_page_count) is full, the file is opened read-only, or PostgreSQL is down or
 * restarting. Nothing of the failed transaction was stored; HTTP answers 507 or 503 and the
 * CLI prints the message, so the operator learns what happened instead of "internal error".
 */
export class DatabaseFault extends CheckpointError {
  declare readonly code: DatabaseFaultCode;
  constructor(code: DatabaseFaultCode, message: string, options: { cause: unknown }) {
    super(code, message, options);
  }
}

/** SQLite primary result codes and PostgreSQL SQLSTATEs (and socket errors) per fault. */
const FULL = new Set(['SQLITE_FULL', '53100']);
const READONLY = new Set(['SQLITE_READONLY', '25006']);
const UNAVAILABLE = new Set([
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, connection_exception…
  ...['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006'],
  // The socket to the server (outbound fetches fail as FetchError/ImapError, not raw like this).
  ...['ECONNREFUSED', 'ECONNRESET'],
]);
/** node-postgres reports a dropped connection with a plain Error and no code. */
const DROPPED = /^Connection terminated|connection error and is not queryable/;

const MESSAGES: Record<DatabaseFaultCode, string> = {
  db_full:
    'database: the database is full (no space left on the disk or over its size limit); nothing of this change was stored',
  db_readonly:
    'database: the database is open read-only, so nothing can be written; nothing of this change was stored',
  db_unavailable:
    'database: the database is unavailable (connection lost or server restarting); nothing of this change was stored, try again',
};

/**
 * The fault behind a database error, or null when it is something else. SQLite extended codes
 * (`SQLITE_READONLY_DBMOVED`) count as their primary code.
 *
 * @example const fault = databaseFault(error); if (fault) return c.json(…, 503);
 */
export function databaseFault(error: unknown): DatabaseFault | null {
  if (error instanceof DatabaseFault) return error;
  // Our own errors already say what happened; only raw driver errors are classified.
  if (!(error instanceof Error) || error instanceof CheckpointError) return null;
  const raw = (error as { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1') : '';
  let fault: DatabaseFaultCode | null = null;
  if (FULL.has(code)) fault = 'db_full';
  else if (READONLY.has(code)) fault = 'db_readonly';
  else if (UNAVAILABLE.has(code) || DROPPED.test(error.message)) fault = 'db_unavailable';
  return fault ? new DatabaseFault(fault, MESSAGES[fault], { cause: error }) : null;
}
