import { idColumn, type MigrationContext, ownedTable } from './helpers.ts';

/** Push-intake tokens, Mastodon app registrations and pending OAuth authorisations. */
export async function up(ctx: MigrationContext): Promise<void> {
  const { db, dialect } = ctx;

  // One token works for every intake shape (ntfy, Gotify, Pushover, webhooks); only its
  // SHA-256 is stored, `hint` (the first characters) lets the user tell tokens apart.
  await ownedTable(ctx, 'intake_tokens')
    .addColumn('label', 'text')
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('hint', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('intake_tokens_user')
    .on('intake_tokens')
    .columns(['user_id'])
    .execute();

  // A client registered once per instance and redirect URI (POST /api/v1/apps), reused by
  // every user of this Checkpoint; the client secret is encrypted.
  await db.schema
    .createTable('mastodon_apps')
    .addColumn('id', 'integer', idColumn(dialect))
    .addColumn('instance_url', 'text', (col) => col.notNull())
    .addColumn('redirect_uri', 'text', (col) => col.notNull())
    .addColumn('client_id', 'text', (col) => col.notNull())
    .addColumn('client_secret_enc', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('mastodon_apps_instance_redirect', ['instance_url', 'redirect_uri'])
    .execute();

  // An authorisation in progress: the `state` sent to the instance (stored hashed) finds the
  // user again when the browser comes back to /oauth/mastodon/callback.
  await ownedTable(ctx, 'oauth_states')
    .addColumn('state_hash', 'text', (col) => col.notNull().unique())
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('instance_url', 'text', (col) => col.notNull())
    .addColumn('redirect_uri', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
}
