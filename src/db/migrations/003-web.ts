import { sql } from 'kysely';
import { idColumn, type MigrationContext } from './helpers.ts';

/** Invites, login throttling, and full-text search (SQLite FTS5 / PostgreSQL tsvector). */
export async function up(ctx: MigrationContext): Promise<void> {
  const { db, dialect } = ctx;

  await db.schema
    .createTable('invites')
    .addColumn('id', 'integer', idColumn(dialect))
    .addColumn('created_by', 'integer', (col) =>
      col.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('role', 'text', (col) => col.notNull().defaultTo('member'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('used_by', 'integer')
    .execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'integer', idColumn(dialect))
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('login_attempts_key_at')
    .on('login_attempts')
    .columns(['key', 'at'])
    .execute();

  await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id']).execute();
  await db.schema
    .createIndex('items_user_starred')
    .on('items')
    .columns(['user_id', 'starred_at'])
    .where('starred_at', 'is not', null)
    .execute();

  if (dialect === 'sqlite') {
    // Contentless FTS5: only the index is stored; the ingest pipeline writes the plain text.
    await sql`create virtual table items_fts using fts5(title, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(
      db,
    );
  } else {
    await sql`alter table items add column search tsvector`.execute(db);
    await sql`create index items_search on items using gin (search)`.execute(db);
  }
}
