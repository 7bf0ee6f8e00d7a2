import { type MigrationContext, ownedTable } from './helpers.ts';

/**
 * Dismissals of many held items at once ("dismiss all older than …", "start fresh"): one row
 * per batch, and the batch on each item it dismissed, so that one click undoes it.
 */
export async function up(ctx: MigrationContext): Promise<void> {
  const { db } = ctx;
  await ownedTable(ctx, 'dismiss_batches')
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('item_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('dismiss_batches_user')
    .on('dismiss_batches')
    .columns(['user_id'])
    .execute();
  await db.schema.alterTable('items').addColumn('dismiss_batch_id', 'integer').execute();
  await db.schema
    .createIndex('items_dismiss_batch')
    .on('items')
    .columns(['dismiss_batch_id'])
    .execute();
}
