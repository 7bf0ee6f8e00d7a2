import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCheckpoint } from '../helpers/cli.ts';
import { freePort } from '../helpers/free-port.ts';
import { type OwnPostgres, startPostgres } from '../helpers/postgres-server.ts';
import {
  checkpointEnv,
  type RunningCheckpoint,
  sleep,
  startCheckpoint,
  until,
} from '../helpers/processes.ts';

interface Outcome {
  title: string;
  status: number;
  message: string;
}

/**
 * PostgreSQL stopped and started again under a running `checkpoint serve` that takes pushes:
 * during the outage every push is refused with a 5xx that says the database is unavailable
 * (never a 2xx), the server neither dies nor needs a restart, and afterwards every push it
 * acknowledged is stored exactly once.
 */
describe('a PostgreSQL restart under a serving process', () => {
  let postgres: OwnPostgres;
  let dir: string;
  let env: Record<string, string>;
  let server: RunningCheckpoint;
  let url: string;
  let token: string;

  beforeAll(async () => {
    postgres = await startPostgres();
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-pg-restart-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = checkpointEnv(
      { dataDir: dir, databaseUrl: postgres.url },
      { PORT: String(port), CHECKPOINT_HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    );
    const created = await runCheckpoint(['intake', 'token', 'create', '--json'], env);
    expect(created.code, created.stderr).toBe(0);
    token = json<{ token: string }>(created).token;
    server = startCheckpoint(['serve'], env);
    await until(() => server.output().stdout.includes('is running at'), server);
    expect(server.done()).toBe(false);
  }, 60_000);
  afterAll(async () => {
    await server?.kill();
    await postgres?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Pushes one message; a request that gets no answer at all counts as status 0. */
  const push = async (title: string): Promise<Outcome> => {
    try {
      const res = await fetch(`${url}/intake/ntfy/restart`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, title },
        body: `body of ${title}`,
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await res.json()) as { error?: { message: string } };
      return { title, status: res.status, message: body.error?.message ?? '' };
    } catch (error) {
      return { title, status: 0, message: (error as Error).message };
    }
  };

  it('refuses pushes with 503 while it is down and stores each acknowledged one once', {
    timeout: 90_000,
  }, async () => {
    const outcomes: Outcome[] = [];
    let n = 0;
    let pushing = true;
    // One sender pushing all along, as a phone would.
    const sender = (async () => {
      while (pushing) {
        outcomes.push(await push(`m${n++}`));
        await sleep(5);
      }
    })();
    const acked = () => outcomes.filter((o) => o.status === 200);
    const refused = () => outcomes.filter((o) => o.status !== 200);
    const waitFor = async (what: () => boolean) => {
      expect(await until(what, server, 30_000), server.output().stderr).toBe(true);
    };

    await waitFor(() => acked().length >= 20);
    // Twice: the pool must recover from a restart more than once.
    for (let round = 0; round < 2; round++) {
      await postgres.stop();
      const before = outcomes.length;
      await waitFor(() => outcomes.length >= before + 10);
      await postgres.start();
      const restarted = outcomes.length;
      await waitFor(() => outcomes.slice(restarted).filter((o) => o.status === 200).length >= 20);
    }
    pushing = false;
    await sender;

    // The server lived through it, without a restart.
    expect(server.done()).toBe(false);
    expect(refused().length).toBeGreaterThanOrEqual(20);
    for (const o of refused()) {
      expect(o.status).toBe(503);
      expect(o.message).toMatch(/^database: the database is unavailable/);
    }

    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ title: string }>(
        "select title from items where title like 'm%'",
      );
      const stored = rows.map((r) => r.title);
      expect(new Set(stored).size).toBe(stored.length);
      const storedSet = new Set(stored);
      expect(acked().filter((o) => !storedSet.has(o.title))).toEqual([]);
      // A refused push is not stored, except one whose commit raced a shutdown.
      expect(stored.length - acked().length).toBeLessThanOrEqual(2);
    } finally {
      await client.end();
    }
  });
});
