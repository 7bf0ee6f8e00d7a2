/**
 * The Checkpoint side of the intake benchmark (bench/intake.ts), bundled and run in its own
 * process as `checkpoint serve` runs: the real HTTP app over SQLite with one intake token per
 * sender. Prints `{url, tokens}` as one JSON line when it listens; when its stdin closes it
 * prints `{stored}` (the ntfy rows in the database) and exits.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { loadConfig } from '../src/config/index.ts';
import { createHttpApp } from '../src/http/app.ts';
import { openApp } from '../src/services/app.ts';
import { createIntakeToken } from '../src/services/intake-tokens.ts';
import { resolveUser } from '../src/services/users.ts';

const senders = Number(process.argv[2] ?? 64);
const dataDir = await mkdtemp(join(tmpdir(), 'checkpoint-bench-intake-'));
const app = await openApp(
  loadConfig({
    CHECKPOINT_DATA_DIR: dataDir,
    CHECKPOINT_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    LOG_LEVEL: 'silent',
  }),
  { server: true },
);
const user = await resolveUser(app.db.kysely, undefined);
const tokens: string[] = [];
for (let i = 0; i < senders; i++) {
  tokens.push((await createIntakeToken(app, user.id, `sender ${i}`)).token);
}
const http = createHttpApp(app);
const server = await new Promise<ServerType>((resolve) => {
  const s = serve({ fetch: http.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
});
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
process.stdout.write(`${JSON.stringify({ url, tokens })}\n`);

process.stdin.resume();
process.stdin.once('end', async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const stored = await app.db.kysely
    .selectFrom('items')
    .innerJoin('sources', 'sources.id', 'items.source_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sources.kind', '=', 'ntfy')
    .executeTakeFirstOrThrow();
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ stored: Number(stored.n) })}\n`);
});
