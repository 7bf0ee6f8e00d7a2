import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { type Config, loadConfig } from '../../src/config/index.ts';
import { type Db, type DialectName, openDatabase } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrations/index.ts';
import { createNotifier } from '../../src/delivery/channel-notifier.ts';
import type { Clock } from '../../src/domain/types.ts';
import { type App, openApp } from '../../src/services/app.ts';

/** Every repository and service test runs on both. */
export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

/** A fresh, empty PostgreSQL database on the test run's server; returns its URL. */
export async function createPgDatabase(): Promise<string> {
  const url = inject('pgUrl');
  const name = `cp_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  return url.replace(/\/[^/]*$/, `/${name}`);
}

export interface TestDb {
  db: Db;
  dataDir: string;
  databaseUrl: string | null;
  cleanup(): Promise<void>;
}

/** A migrated, empty database of the given dialect, in its own temp dir / PG database. */
export async function openTestDb(dialect: DialectName): Promise<TestDb> {
  const dataDir = await mkdtemp(join(tmpdir(), 'checkpoint-test-'));
  const databaseUrl = dialect === 'postgres' ? await createPgDatabase() : null;
  const db = openDatabase({ databaseUrl, dataDir, poolSize: 4 });
  await migrate(db);
  return {
    db,
    dataDir,
    databaseUrl,
    async cleanup() {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A test config: temp data dir, fixed secret, 127.0.0.1 allowed through the SSRF guard. */
export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    CHECKPOINT_DATA_DIR: dataDir,
    CHECKPOINT_SECRET: 'test-secret-test-secret-test-secret-0123',
    CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32',
    CHECKPOINT_DNS_SERVERS: process.env.CHECKPOINT_DNS_SERVERS ?? '',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

export interface TestApp {
  app: App;
  dataDir: string;
  databaseUrl: string | null;
  cleanup(): Promise<void>;
}

/** An App on a fresh database of the dialect, with the given clock. */
export async function openTestApp(
  dialect: DialectName,
  options: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const test = await openTestDb(dialect);
  const config = testConfig(test.dataDir, {
    ...(test.databaseUrl ? { CHECKPOINT_DATABASE_URL: test.databaseUrl } : {}),
    ...options.env,
  });
  const app = await openApp(config, {
    db: test.db,
    notifier: createNotifier,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    app,
    dataDir: test.dataDir,
    databaseUrl: test.databaseUrl,
    async cleanup() {
      await app.close();
      await rm(test.dataDir, { recursive: true, force: true });
    },
  };
}
