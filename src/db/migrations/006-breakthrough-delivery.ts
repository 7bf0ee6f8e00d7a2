import { type MigrationContext, ownedTable } from './helpers.ts';

/** The last delivery outcome of each of a user's channels (DESIGN.md Invariant 5). */
export async function up(ctx: MigrationContext): Promise<void> {
  // One row per user and channel (`channel_key` is the channel's key: `ntfy URL`, `email a@b`,
  // `webpush`), overwritten at every send: a rule or schedule whose channel's last delivery
  // failed is warned about until a later one succeeds.
  await ownedTable(ctx, 'channel_outcomes')
    .addColumn('channel_key', 'text', (col) => col.notNull())
    .addColumn('ok', 'integer', (col) => col.notNull())
    .addColumn('error', 'text')
    .addColumn('at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('channel_outcomes_user_channel', ['user_id', 'channel_key'])
    .execute();
  // The ledger's day view asks, per item, whether it broke through.
  await ctx.db.schema.createIndex('ledger_item').on('ledger_events').columns(['item_id']).execute();
}
