import { idColumn, type MigrationContext, ownedTable } from './helpers.ts';

/** Users, sessions, API tokens, categories, sources and items. */
export async function up(ctx: MigrationContext): Promise<void> {
  const { db, dialect } = ctx;
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', idColumn(dialect))
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('role', 'text', (col) => col.notNull().defaultTo('member'))
    .addColumn('tz', 'text', (col) => col.notNull().defaultTo('UTC'))
    .addColumn('locale', 'text', (col) => col.notNull().defaultTo('en'))
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('settings', 'text', (col) => col.notNull().defaultTo('{}'))
    .execute();

  await ownedTable(ctx, 'sessions')
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('csrf_token', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('last_seen_at', 'bigint', (col) => col.notNull())
    .addColumn('user_agent', 'text')
    .execute();

  await ownedTable(ctx, 'api_tokens')
    .addColumn('label', 'text')
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();

  await ownedTable(ctx, 'categories')
    .addColumn('name', 'text', (col) => col.notNull())
    .addUniqueConstraint('categories_user_name', ['user_id', 'name'])
    .execute();

  await ownedTable(ctx, 'sources')
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('url', 'text')
    .addColumn('site_url', 'text')
    .addColumn('category_id', 'integer', (col) =>
      col.references('categories.id').onDelete('set null'),
    )
    .addColumn('config', 'text', (col) => col.notNull().defaultTo('{}'))
    .addColumn('state', 'text', (col) => col.notNull().defaultTo('{}'))
    .addColumn('enabled', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('interval_minutes', 'integer', (col) => col.notNull().defaultTo(60))
    .addColumn('next_check_at', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('last_checked_at', 'bigint')
    .addColumn('last_success_at', 'bigint')
    .addColumn('retry_after', 'bigint')
    .addColumn('error_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('disabled_reason', 'text')
    .addColumn('cadence', 'text', (col) => col.notNull().defaultTo('every'))
    .addColumn('weight', 'double precision', (col) => col.notNull().defaultTo(1))
    .addColumn('would_push', 'integer')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('sources_user_kind_url')
    .on('sources')
    .columns(['user_id', 'kind', 'url'])
    .unique()
    .execute();
  await db.schema
    .createIndex('sources_due')
    .on('sources')
    .columns(['enabled', 'next_check_at'])
    .execute();

  await ownedTable(ctx, 'items')
    .addColumn('source_id', 'integer', (col) =>
      col.notNull().references('sources.id').onDelete('cascade'),
    )
    .addColumn('external_id', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('url', 'text')
    .addColumn('canonical_url', 'text')
    .addColumn('title', 'text')
    .addColumn('author', 'text')
    .addColumn('content_html', 'text')
    .addColumn('summary', 'text')
    .addColumn('published_at', 'bigint', (col) => col.notNull())
    .addColumn('published_guessed', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('received_at', 'bigint', (col) => col.notNull())
    .addColumn('would_push', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('priority', 'integer', (col) => col.notNull().defaultTo(3))
    .addColumn('cluster_id', 'integer')
    .addColumn('hash', 'text', (col) => col.notNull())
    .addColumn('read_at', 'bigint')
    .addColumn('starred_at', 'bigint')
    .addColumn('dismissed_at', 'bigint')
    .addColumn('seen_checkpoint_id', 'integer')
    .addColumn('extra', 'text', (col) => col.notNull().defaultTo('{}'))
    .addUniqueConstraint('items_source_external', ['source_id', 'external_id'])
    .execute();
  await db.schema
    .createIndex('items_user_published')
    .on('items')
    .columns(['user_id', 'published_at'])
    .execute();
  await db.schema
    .createIndex('items_user_canonical')
    .on('items')
    .columns(['user_id', 'canonical_url'])
    .execute();
}
