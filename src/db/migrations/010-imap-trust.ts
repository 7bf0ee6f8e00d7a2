import type { MigrationContext } from './helpers.ts';

/**
 * A source's warning: its last fetch stored what it brought, but something is worth telling
 * the user (an IMAP move the server refused, a pinned certificate that expired). Kept apart
 * from `last_error`, which counts towards back-off and switching the source off.
 */
export async function up(ctx: MigrationContext): Promise<void> {
  await ctx.db.schema.alterTable('sources').addColumn('last_warning', 'text').execute();
}
