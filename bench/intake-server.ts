/**
 * The Checkpoint side of the intake benchmark (bench/intake.ts), bundled and run in its own
 * process as `checkpoint serve` runs: the real HTTP app over SQLite with one intake token per
 * sender. Prints `{url, tokens}` as one JSON line when it listens. Each line read on stdin
 * starts a new phase of handler timings; when its stdin closes it prints `{stored, phases}`
 * (the ntfy rows in the database, and per phase the p50/p99 in ms of the time from the
 * request reaching the app to its answer, on the server's clock) and exits.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { loadConfig } from '../src/config/index.ts';
import { createHttpApp } from '../src/http/app.ts';
import { tuneHeap } from '../src/lib/heap.ts';
import { resolveUser } from '../src/services/accounts/users.ts';
import { openApp } from '../src/services/app.ts';
import { createIntakeToken } from '../src/services/intake/intake-tokens.ts';

tuneHeap(); // as the `checkpoint` command does first thing

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
const phases: number[][] = [[]];
const timed = async (request: Request): Promise<Response> => {
  const started = performance.now();
  const response = await http.fetch(request);
  phases.at(-1)!.push(performance.now() - started);
  return response;
};
const server = await new Promise<ServerType>((resolve) => {
  const s = serve({ fetch: timed, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
});
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
process.stdout.write(`${JSON.stringify({ url, tokens })}\n`);

process.stdin.on('data', (chunk: Buffer) => {
  for (const c of chunk) if (c === 10) phases.push([]);
});
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
  const at = (sorted: number[], p: number) => sorted[Math.floor(p * sorted.length)] ?? 0;
  const summary = phases.map((times) => {
    const sorted = times.sort((a, b) => a - b);
    return { p50: at(sorted, 0.5), p99: at(sorted, 0.99) };
  });
  process.stdout.write(`${JSON.stringify({ stored: Number(stored.n), phases: summary })}\n`);
});
