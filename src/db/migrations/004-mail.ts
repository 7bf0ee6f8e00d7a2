import { type MigrationContext, ownedTable } from './helpers.ts';

/** Own mail addresses (SMTP intake) and the record of unsubscribe attempts. */
export async function up(ctx: MigrationContext): Promise<void> {
  const { db } = ctx;

  // One row per address `<local_part>@<CHECKPOINT_MAIL_DOMAIN>`; each feeds its own smtp source.
  await ownedTable(ctx, 'mail_addresses')
    .addColumn('local_part', 'text', (col) => col.notNull().unique())
    .addColumn('label', 'text')
    .addColumn('source_id', 'integer', (col) =>
      col.notNull().references('sources.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('mail_addresses_user')
    .on('mail_addresses')
    .columns(['user_id'])
    .execute();

  await ownedTable(ctx, 'unsubscribes')
    .addColumn('source_id', 'integer', (col) => col.references('sources.id').onDelete('set null'))
    .addColumn('item_id', 'integer', (col) => col.references('items.id').onDelete('set null'))
    .addColumn('sender', 'text', (col) => col.notNull())
    .addColumn('method', 'text', (col) => col.notNull())
    .addColumn('target', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('detail', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('unsubscribes_user_sender')
    .on('unsubscribes')
    .columns(['user_id', 'sender', 'created_at'])
    .execute();
}
