import type { Db, Executor } from '../connect.ts';
import type { NewItem } from '../schema.ts';
import { insertItems } from './items.ts';

/**
 * Inserts an ingest's new items inside its transaction `trx`, skipping any whose (source,
 * external id) is stored; returns the rows that were new. On SQLite it runs the prepared
 * single-row statement on the raw connection (the same connection, so the same transaction):
 * the hot path measured by bench/ingest.ts. Elsewhere, multi-row Kysely inserts.
 *
 * @example const inserted = await insertNewItems(app.db, trx, rows); // [{ id, external_id }]
 */
export async function insertNewItems(
  db: Db,
  trx: Executor,
  rows: readonly NewItem[],
): Promise<{ id: number; external_id: string }[]> {
  return await insertItems(trx, rows, db.sqlite);
}
