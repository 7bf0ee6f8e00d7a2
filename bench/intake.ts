/**
 * Push intake throughput on loopback: the real HTTP app (Hono on @hono/node-server) over
 * SQLite, ntfy publishes from 64 keep-alive connections (one sender and intake token each,
 * as many phones and servers would be), every answer waited for. Reports messages/s and
 * p50/p99 latency, and counts the stored rows to prove none was lost (DESIGN.md target:
 * ≥ 2,000 messages/s, p99 ≤ 50 ms, none lost).
 *
 * Run alone: `node --import tsx bench/intake.ts`.
 */

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type ServerType, serve } from '@hono/node-server';
import { loadConfig } from '../src/config/index.ts';
import { createHttpApp } from '../src/http/app.ts';
import { type App, openApp } from '../src/services/app.ts';
import { createIntakeToken } from '../src/services/intake-tokens.ts';
import { resolveUser } from '../src/services/users.ts';

const MESSAGES = 10_000;
const WARMUP = 500;
const SENDERS = 64;

/**
 * CPU seconds the main thread (the server: HTTP, parsing, SQLite) has used, from Linux's
 * per-thread accounting; null elsewhere. Unlike wall-clock time it does not grow when other
 * processes take the cores, so it tells what one free core would sustain.
 */
async function mainThreadCpu(): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function start(app: App): Promise<{ url: string; server: ServerType }> {
  const http = createHttpApp(app);
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: http.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/**
 * The senders, in a worker thread so that the client does not share the server's core (as
 * real senders would not). Plain JavaScript evaluated in the worker; undici is passed by path.
 */
const SENDER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const { Pool } = require(workerData.undici);
(async () => {
  const { url, tokens, total, offset } = workerData;
  const pool = new Pool(url, { connections: tokens.length, pipelining: 1 });
  const latencies = new Float64Array(total);
  let next = 0;
  let failures = 0;
  const sender = async (token) => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const started = performance.now();
      const res = await pool.request({
        method: 'POST',
        path: '/intake/ntfy/bench',
        headers: { authorization: 'Bearer ' + token, title: 'Message ' + (offset + i) },
        body: 'Bench message ' + (offset + i) + ': the disk is ' + (i % 100) + '% full',
      });
      await res.body.dump();
      latencies[i] = performance.now() - started;
      if (res.statusCode !== 200) failures++;
    }
  };
  const began = performance.now();
  await Promise.all(tokens.map(sender));
  const seconds = (performance.now() - began) / 1000;
  await pool.close();
  parentPort.postMessage({ latencies, seconds, failures }, [latencies.buffer]);
})();
`;

interface BlastResult {
  latencies: Float64Array;
  seconds: number;
  failures: number;
}

/** Sends `total` messages from one sender per token, concurrently, from a worker thread. */
function blast(url: string, tokens: string[], total: number, offset: number): Promise<BlastResult> {
  const undici = createRequire(import.meta.url).resolve('undici');
  const worker = new Worker(SENDER_CODE, {
    eval: true,
    workerData: { url, tokens, total, offset, undici },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: BlastResult) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}

/** Runs the benchmark and returns its section of bench/RESULTS.md. */
export async function benchIntake(): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'checkpoint-bench-intake-'));
  const config = loadConfig({
    CHECKPOINT_DATA_DIR: dataDir,
    CHECKPOINT_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    LOG_LEVEL: 'silent',
  });
  const app = await openApp(config);
  const { url, server } = await start(app);
  try {
    const user = await resolveUser(app.db.kysely, undefined);
    const tokens: string[] = [];
    for (let i = 0; i < SENDERS; i++) {
      tokens.push((await createIntakeToken(app, user.id, `sender ${i}`)).token);
    }
    await blast(url, tokens, WARMUP, 0);
    const load = loadavg()[0] ?? 0;
    const cpuBefore = await mainThreadCpu();
    const run = await blast(url, tokens, MESSAGES, WARMUP);
    const cpuAfter = await mainThreadCpu();
    const cpuMs =
      cpuBefore !== null && cpuAfter !== null ? ((cpuAfter - cpuBefore) * 1000) / MESSAGES : null;
    const stored = await app.db.kysely
      .selectFrom('items')
      .innerJoin('sources', 'sources.id', 'items.source_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sources.kind', '=', 'ntfy')
      .executeTakeFirstOrThrow();
    const sorted = [...run.latencies].sort((a, b) => a - b);
    const rate = MESSAGES / run.seconds;
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    const lost = WARMUP + MESSAGES - Number(stored.n);
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    return [
      '## Push intake (ntfy publishes on loopback, SQLite)',
      '',
      `${MESSAGES} messages after ${WARMUP} warm-up, from ${SENDERS} keep-alive connections (one intake token each) in a worker thread; answers only after commit (group commit). Load average before the run: ${load.toFixed(1)} on ${cpus().length} cores (other processes slow this benchmark down).`,
      '',
      '| figure | value | target |',
      '|---|---|---|',
      `| throughput | ${Math.round(rate)} messages/s | ≥ 2,000 (${verdict(rate >= 2000)}) |`,
      `| latency p50 | ${p50.toFixed(1)} ms | |`,
      `| latency p99 | ${p99.toFixed(1)} ms | ≤ 50 ms (${verdict(p99 <= 50)}) |`,
      `| non-200 answers | ${run.failures} | 0 |`,
      cpuMs === null
        ? '| server CPU per message | (not measured on this OS) | |'
        : `| server CPU per message | ${cpuMs.toFixed(3)} ms (main thread) ≈ ${Math.round(1000 / cpuMs)} messages/s on one free core | |`,
      `| stored rows | ${stored.n} of ${WARMUP + MESSAGES} (lost: ${lost}) | none lost (${verdict(lost === 0 && run.failures === 0)}) |`,
    ].join('\n');
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${await benchIntake()}\n`);
}
