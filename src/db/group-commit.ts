import { sql } from 'kysely';
import { type Db, type Executor, transaction } from './connect.ts';

interface Job {
  fn: (trx: Executor) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const queues = new WeakMap<Db, { jobs: Job[]; running: boolean }>();

/**
 * Runs `fn` in a transaction that it may share with other calls queued meanwhile (group
 * commit): on SQLite one writer holds the database at a time, so calls that arrive while a
 * transaction runs wait for it anyway; they then go in together, each in its own savepoint.
 * A call that throws is rolled back to its savepoint alone and rejects with its error; the
 * others commit. Every call resolves only after the commit, so what it wrote is durable (WAL)
 * when its promise settles; if the commit fails, all of them reject.
 *
 * Why: a fetch cycle of 1,000 feeds made 1,000 commits, each writing its pages and a new
 * full-text index segment; grouped, the same work took a fraction of the commits
 * (bench/RESULTS.md, "Refresh"). PostgreSQL runs writers side by side: there every call is a
 * transaction of its own.
 *
 * @example await groupTransaction(app.db, (trx) => storeBatch(trx, …))
 */
export function groupTransaction<T>(db: Db, fn: (trx: Executor) => Promise<T>): Promise<T> {
  if (db.dialect === 'postgres') return transaction(db, fn);
  let queue = queues.get(db);
  if (!queue) {
    queue = { jobs: [], running: false };
    queues.set(db, queue);
  }
  const state = queue;
  return new Promise<T>((resolve, reject) => {
    state.jobs.push({ fn, resolve: resolve as (value: unknown) => void, reject });
    if (!state.running) {
      state.running = true;
      // Calls made in this turn of the event loop (fetches that finished together) join.
      setImmediate(() => void drain(db, state));
    }
  });
}

async function drain(db: Db, state: { jobs: Job[]; running: boolean }): Promise<void> {
  try {
    while (state.jobs.length > 0) {
      const jobs = state.jobs.splice(0);
      const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
      try {
        await transaction(db, async (trx) => {
          if (jobs.length === 1) {
            outcomes.push({ ok: true, value: await jobs[0]!.fn(trx) });
            return;
          }
          for (const job of jobs) {
            await sql`savepoint grouped`.execute(trx);
            try {
              outcomes.push({ ok: true, value: await job.fn(trx) });
              await sql`release grouped`.execute(trx);
            } catch (error) {
              // SQLite ended the whole transaction itself (SQLITE_FULL…): the group fails as one.
              if (db.sqlite?.inTransaction === false) throw error;
              await sql`rollback to grouped`.execute(trx);
              await sql`release grouped`.execute(trx);
              outcomes.push({ ok: false, error });
            }
          }
        });
      } catch (error) {
        // The commit (or a lone call) failed: nothing of this group is stored.
        for (const job of jobs) job.reject(error);
        continue;
      }
      jobs.forEach((job, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) job.resolve(outcome.value);
        else job.reject(outcome.error);
      });
    }
  } finally {
    state.running = false;
  }
}
