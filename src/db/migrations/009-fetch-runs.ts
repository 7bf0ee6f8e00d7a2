import { idColumn, type MigrationContext } from './helpers.ts';

/**
 * Fetch history: one row per refresh of a pulled source (when, outcome, new items, HTTP
 * status or error, duration), kept to the last 50 per source, for the source's page.
 */
export async function up(ctx: MigrationContext): Promise<void> {
  const { db, dialect } = ctx;
  await db.schema
    .createTable('fetch_runs')
    .addColumn('id', 'integer', idColumn(dialect))
    .addColumn('source_id', 'integer', (col) =>
      col.notNull().references('sources.id').onDelete('cascade'),
    )
    .addColumn('started_at', 'bigint', (col) => col.notNull())
    .addColumn('duration_ms', 'integer', (col) => col.notNull())
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('new_items', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('http_status', 'integer')
    .addColumn('error', 'text')
    .execute();
  // The page reads a source's newest runs; pruning deletes its oldest.
  await db.schema
    .createIndex('fetch_runs_source_started')
    .on('fetch_runs')
    .columns(['source_id', 'id'])
    .execute();
  // A source's page lists its items newest first; without this it scans all the user's items.
  await db.schema
    .createIndex('items_source_published')
    .on('items')
    .columns(['source_id', 'published_at'])
    .execute();
}
