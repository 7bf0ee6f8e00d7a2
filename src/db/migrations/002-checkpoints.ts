import { type MigrationContext, ownedTable } from './helpers.ts';

/** Schedules, checkpoints and their digests, clusters, rules, tags, the ledger, push. */
export async function up(ctx: MigrationContext): Promise<void> {
  const { db } = ctx;

  await ownedTable(ctx, 'schedules')
    .addColumn('times', 'text', (col) => col.notNull())
    .addColumn('budget_minutes', 'integer', (col) => col.notNull().defaultTo(15))
    .addColumn('per_source_limit', 'integer', (col) => col.notNull().defaultTo(3))
    .addColumn('notify', 'text', (col) => col.notNull().defaultTo('{}'))
    .addColumn('show_waiting', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_due_at', 'bigint')
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('schedules_user', ['user_id'])
    .execute();

  await ownedTable(ctx, 'checkpoints')
    .addColumn('due_at', 'bigint', (col) => col.notNull())
    .addColumn('built_at', 'bigint')
    .addColumn('opened_at', 'bigint')
    .addColumn('done_at', 'bigint')
    .addColumn('budget_minutes', 'integer', (col) => col.notNull())
    .addColumn('total_seconds', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('item_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('later_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('overflow', 'text', (col) => col.notNull().defaultTo('[]'))
    .addUniqueConstraint('checkpoints_user_due', ['user_id', 'due_at'])
    .execute();

  await db.schema
    .createTable('checkpoint_items')
    .addColumn('checkpoint_id', 'integer', (col) =>
      col.notNull().references('checkpoints.id').onDelete('cascade'),
    )
    .addColumn('item_id', 'integer', (col) =>
      col.notNull().references('items.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (col) =>
      col.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('rank', 'integer', (col) => col.notNull())
    .addColumn('score', 'double precision', (col) => col.notNull())
    .addColumn('seconds', 'integer', (col) => col.notNull())
    .addColumn('parts', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('checkpoint_items_pk', ['checkpoint_id', 'item_id'])
    .execute();

  await ownedTable(ctx, 'clusters')
    .addColumn('representative_id', 'integer', (col) => col.notNull())
    .addColumn('size', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();

  await ownedTable(ctx, 'rules')
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('enabled', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('spec', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('item_tags')
    .addColumn('item_id', 'integer', (col) =>
      col.notNull().references('items.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (col) =>
      col.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('tag', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('item_tags_pk', ['item_id', 'tag'])
    .execute();
  await db.schema
    .createIndex('item_tags_user_tag')
    .on('item_tags')
    .columns(['user_id', 'tag'])
    .execute();

  await ownedTable(ctx, 'ledger_events')
    .addColumn('at', 'bigint', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('item_id', 'integer')
    .addColumn('checkpoint_id', 'integer')
    .addColumn('rule_id', 'integer')
    .addColumn('count', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('data', 'text', (col) => col.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .createIndex('ledger_user_at')
    .on('ledger_events')
    .columns(['user_id', 'at'])
    .execute();
  await db.schema
    .createIndex('ledger_rule_at')
    .on('ledger_events')
    .columns(['rule_id', 'type', 'at'])
    .execute();

  await ownedTable(ctx, 'push_subscriptions')
    .addColumn('endpoint', 'text', (col) => col.notNull().unique())
    .addColumn('p256dh', 'text', (col) => col.notNull())
    .addColumn('auth', 'text', (col) => col.notNull())
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();

  await ownedTable(ctx, 'feed_tokens')
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('token_enc', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('feed_tokens_user', ['user_id'])
    .execute();

  await db.schema
    .createTable('app_settings')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .execute();

  await db.schema.alterTable('items').addColumn('title_key', 'text').execute();
  await db.schema
    .alterTable('items')
    .addColumn('reading_seconds', 'integer', (col) => col.notNull().defaultTo(60))
    .execute();
  await db.schema
    .createIndex('items_user_unseen')
    .on('items')
    .columns(['user_id', 'seen_checkpoint_id', 'received_at'])
    .execute();
  // Partial: most items are in no cluster, and keeping them out makes every insert cheaper.
  await db.schema
    .createIndex('items_cluster')
    .on('items')
    .columns(['cluster_id'])
    .where('cluster_id', 'is not', null)
    .execute();
}
