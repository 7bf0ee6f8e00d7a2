import type { Db, Executor } from '../connect.ts';

/**
 * What a rule did while ingesting: breakthroughs it let through (`breakthrough.allowed`
 * ledger events) since `since`, counted inside the ingest transaction `trx`. On PostgreSQL
 * the rule's row is locked first, so a concurrent transaction waits for this one's
 * reservations; SQLite's `BEGIN IMMEDIATE` already serialises writers.
 *
 * @example const sent = await countAllowedBreakthroughs(app.db, trx, rule.id, now - 3_600_000)
 */
export async function countAllowedBreakthroughs(
  db: Db,
  trx: Executor,
  ruleId: number,
  since: number,
): Promise<number> {
  if (db.dialect === 'postgres') {
    await trx.selectFrom('rules').select('id').where('id', '=', ruleId).forUpdate().execute();
  }
  const row = await trx
    .selectFrom('ledger_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('rule_id', '=', ruleId)
    .where('type', '=', 'breakthrough.allowed')
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
