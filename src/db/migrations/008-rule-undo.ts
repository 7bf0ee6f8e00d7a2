import { type MigrationContext, ownedTable } from './helpers.ts';

/**
 * What saving a rule did to the items held at that moment, so that "Undo" can put exactly
 * those items (and the rule) back as they were.
 */
export async function up(ctx: MigrationContext): Promise<void> {
  const { db } = ctx;

  // One save of a rule (new or edited). `previous_spec` is the rule before the save (null:
  // the rule was new, and undoing removes it); `undone_at` makes the undo happen once.
  await ownedTable(ctx, 'rule_changes')
    .addColumn('rule_id', 'integer', (col) => col.notNull())
    .addColumn('previous_spec', 'text')
    .addColumn('previous_enabled', 'integer')
    .addColumn('applied', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('undone_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('rule_changes_user_rule')
    .on('rule_changes')
    .columns(['user_id', 'rule_id'])
    .execute();

  // Each change one save made to a held item: `dismissed` (a mute) or `tagged` (with the tag
  // it added). Only changes the save made are kept: a tag the item had already is not here.
  await db.schema
    .createTable('rule_change_items')
    .addColumn('change_id', 'integer', (col) =>
      col.notNull().references('rule_changes.id').onDelete('cascade'),
    )
    .addColumn('item_id', 'integer', (col) =>
      col.notNull().references('items.id').onDelete('cascade'),
    )
    .addColumn('effect', 'text', (col) => col.notNull())
    .addColumn('tag', 'text')
    .addColumn('at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('rule_change_items_change')
    .on('rule_change_items')
    .columns(['change_id'])
    .execute();
}
