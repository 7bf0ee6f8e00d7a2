import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import type { DialectName } from '../connect.ts';

/** What every migration receives: the database and the one fact that differs per dialect. */
export interface MigrationContext {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
  db: Kysely<any>;
  dialect: DialectName;
}

/** An auto-increment integer primary key on both dialects. */
export function idColumn(dialect: DialectName) {
  return (col: ColumnDefinitionBuilder) =>
    dialect === 'postgres'
      ? col.primaryKey().generatedByDefaultAsIdentity()
      : col.primaryKey().autoIncrement();
}

/** `id` plus a `user_id` that cascades: every row belongs to a user. */
export function ownedTable<T extends string>(
  ctx: MigrationContext,
  table: T,
  // biome-ignore lint/suspicious/noExplicitAny: the builder's column names are not known here
): CreateTableBuilder<T, any> {
  return ctx.db.schema
    .createTable(table)
    .addColumn('id', 'integer', idColumn(ctx.dialect))
    .addColumn('user_id', 'integer', (col) =>
      col.notNull().references('users.id').onDelete('cascade'),
    );
}
