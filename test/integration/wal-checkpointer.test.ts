import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/connect.ts';

/** Writes about `mb` megabytes in one transaction (each page of it a WAL frame). */
async function write(db: Db, mb: number): Promise<void> {
  const sqlite = db.sqlite!;
  sqlite.exec('create table if not exists blobs (id integer primary key, data blob)');
  const insert = sqlite.prepare('insert into blobs (data) values (?)');
  sqlite.transaction(() => {
    for (let i = 0; i < mb * 16; i++) insert.run(Buffer.alloc(64 * 1024, i));
  })();
}

const autocheckpoint = (db: Db) => db.sqlite!.pragma('wal_autocheckpoint', { simple: true });

describe('WAL checkpoints on a worker thread (the server’s SQLite)', () => {
  let dir: string;
  let db: Db;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-wal-'));
    db = openDatabase({ databaseUrl: null, dataDir: dir, backgroundCheckpoints: true });
  });
  afterEach(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves the connection’s commits alone and copies the WAL into the database itself', async () => {
    expect(autocheckpoint(db)).toBe(0);
    await write(db, 8);
    const wal = join(dir, 'checkpoint.db-wal');
    const walBytes = (await stat(wal)).size;
    // 8 MB written is past SQLite's 1,000-page threshold, yet the committing connection did
    // not checkpoint: the database file holds none of it yet.
    expect(walBytes).toBeGreaterThan(8 * 1024 * 1024);
    const result = await db.walCheckpointer!.checkpoint();
    expect(result).toMatchObject({ busy: 0 });
    expect(result!.log).toBeGreaterThan(2000);
    expect(result!.checkpointed).toBe(result!.log);
    expect((await stat(join(dir, 'checkpoint.db'))).size).toBeGreaterThan(8 * 1024 * 1024);
    // Once checkpointed, the next writes start the WAL again from its beginning.
    await write(db, 8);
    expect((await stat(wal)).size).toBe(walBytes);
    const rows = await sql<{ n: number }>`select count(*) as n from blobs`.execute(db.kysely);
    expect(rows.rows[0]!.n).toBe(256);
  });

  it('checkpoints on its own timer', async () => {
    await write(db, 2);
    const file = join(dir, 'checkpoint.db');
    // Only a checkpoint writes pages into the database file: watch it grow, asking nothing.
    const before = (await stat(file)).size;
    expect(before).toBeLessThan(1024 * 1024);
    const deadline = Date.now() + 10_000;
    while ((await stat(file)).size < 2 * 1024 * 1024 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await stat(file)).size).toBeGreaterThan(2 * 1024 * 1024);
  });

  it('gives checkpoints back to the connection when the thread is gone', async () => {
    await db.walCheckpointer!.kill();
    expect(db.walCheckpointer!.running).toBe(false);
    expect(autocheckpoint(db)).toBe(1000);
    expect(await db.walCheckpointer!.checkpoint()).toBeNull();
    await write(db, 8);
    // The connection checkpointed by itself past 1,000 pages.
    expect((await stat(join(dir, 'checkpoint.db'))).size).toBeGreaterThan(4 * 1024 * 1024);
  });
});

describe('without background checkpoints (the CLI)', () => {
  it('keeps SQLite’s own checkpoints', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'checkpoint-wal-'));
    const db = openDatabase({ databaseUrl: null, dataDir: dir });
    try {
      expect(db.walCheckpointer).toBeNull();
      expect(autocheckpoint(db)).toBe(1000);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
