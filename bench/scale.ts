/**
 * Scale benchmark (DESIGN.md "Performance targets": open a checkpoint / full-text search over
 * 1M stored items, p95 ≤ 50 ms / ≤ 100 ms; the peer, FreshRSS, takes minutes at 1.2M unread).
 *
 * One user, 1,000 sources and 1,000,000 items (BENCH_SCALE_ITEMS to change it) spread over a
 * year, indexed for full text as ingestion indexes them; a tenth of them arrived in the last
 * 14 days and is still unseen (what a checkpoint ranks). Measured on SQLite:
 * - building the due checkpoint (ranking every unseen candidate), once;
 * - opening it (`pull`: the digest with its items), p50/p95 of 50;
 * - "pull now" between checkpoints (ranking the candidates again), p50/p95 of 10;
 * - full-text searches for words of different frequency, p50/p95 of 50.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.ts';
import { transaction } from '../src/db/connect.ts';
import { insertItems } from '../src/db/repos/items.ts';
import { indexItems } from '../src/db/repos/search.ts';
import { insertSource } from '../src/db/repos/sources.ts';
import type { NewItem } from '../src/db/schema.ts';
import { resolveUser } from '../src/services/accounts/users.ts';
import { type App, openApp } from '../src/services/app.ts';
import { buildDueCheckpoints, markDone, pull } from '../src/services/checkpoints/checkpoints.ts';
import { setSchedule } from '../src/services/checkpoints/schedules.ts';

const ITEMS = Number(process.env.BENCH_SCALE_ITEMS ?? 1_000_000);
const SOURCES = 1000;
const DAY = 86_400_000;
const NOW = Date.parse('2026-03-02T08:00:00Z');

/** A fixed pseudo-random sequence (the same database every run). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const VOCABULARY = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
/** Zipf-like: word i is drawn with probability ∝ 1/(i+1), as in real text. */
function wordPicker(rand: () => number): () => string {
  const h = Math.log(VOCABULARY.length + 1);
  return () => VOCABULARY[Math.min(VOCABULARY.length - 1, Math.floor(Math.exp(rand() * h)) - 1)]!;
}

export async function fill(app: App, userId: number): Promise<void> {
  const rand = random(42);
  const word = wordPicker(rand);
  const sources: number[] = [];
  for (let n = 0; n < SOURCES; n++) {
    const source = await insertSource(app.db.kysely, {
      user_id: userId,
      kind: 'feed',
      name: `Source ${n}`,
      url: `https://site${n}.example/feed`,
      created_at: NOW - 365 * DAY,
    });
    sources.push(source.id);
  }
  const BATCH = 10_000;
  for (let start = 0; start < ITEMS; start += BATCH) {
    const rows: NewItem[] = [];
    const texts: string[] = [];
    for (let i = start; i < Math.min(ITEMS, start + BATCH); i++) {
      // Items arrive in order over the year (ids grow with time, as they do when fetched);
      // the last tenth in the last 14 days.
      const recent = ITEMS * 0.9;
      const age =
        i >= recent
          ? ((ITEMS - i) / (ITEMS - recent)) * 14 * DAY
          : 14 * DAY + ((recent - i) / recent) * 351 * DAY;
      const title = Array.from({ length: 8 }, word).join(' ');
      const text = Array.from({ length: 80 }, word).join(' ');
      const at = Math.round(NOW - age);
      rows.push({
        user_id: userId,
        source_id: sources[i % SOURCES]!,
        external_id: `item-${i}`,
        kind: 'article',
        url: `https://site${i % SOURCES}.example/${i}`,
        canonical_url: `https://site${i % SOURCES}.example/${i}`,
        title,
        content_html: `<p>${text}</p>`,
        summary: text.slice(0, 200),
        published_at: at,
        received_at: at,
        hash: `h${i}`,
        reading_seconds: 30 + (i % 300),
        // What arrived before the last 14 days was seen at an earlier checkpoint.
        read_at: age > 14 * DAY ? at + DAY : null,
      });
      texts.push(text);
    }
    await transaction(app.db, async (trx) => {
      const inserted = await insertItems(trx, rows, app.db.sqlite);
      await indexItems(
        app.db,
        trx,
        inserted.map((r, k) => ({ id: r.id, title: rows[k]!.title ?? '', text: texts[k]! })),
      );
    });
  }
}

const ms = (start: number) => performance.now() - start;
function percentiles(values: number[]): { p50: number; p95: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

export async function benchScale(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'checkpoint-bench-scale-'));
  let clockNow = NOW;
  const app = await openApp(
    loadConfig({
      CHECKPOINT_DATA_DIR: dir,
      CHECKPOINT_SECRET: 'bench-secret-bench-secret-bench-secret',
      LOG_LEVEL: 'silent',
    }),
    { clock: { now: () => new Date(clockNow) } },
  );
  try {
    const user = await resolveUser(app.db.kysely, undefined);
    await setSchedule(app, user, { times: ['08:00'], tz: 'UTC' });
    const filling = performance.now();
    await fill(app, user.id);
    const fillSeconds = ms(filling) / 1000;

    clockNow = NOW + DAY; // the next 08:00 is due
    let start = performance.now();
    const built = await buildDueCheckpoints(app);
    const buildMs = ms(start);
    const opens: number[] = [];
    let digestSize = 0;
    for (let i = 0; i < 50; i++) {
      start = performance.now();
      digestSize = (await pull(app, user)).items.length;
      opens.push(ms(start));
    }
    await markDone(app, user);
    const pulls: number[] = [];
    for (let i = 0; i < 10; i++) {
      start = performance.now();
      await pull(app, user);
      pulls.push(ms(start));
    }
    const searches: number[] = [];
    const { searchItems } = await import('../src/services/items/search.ts');
    let hits = 0;
    for (let i = 0; i < 50; i++) {
      // Common, middling and rare words, alone and in pairs.
      const q = [VOCABULARY[i]!, VOCABULARY[100 + i * 20]!, VOCABULARY[4000 + i]!]
        .slice(0, 1 + (i % 3))
        .join(' ');
      start = performance.now();
      hits += (await searchItems(app, user.id, q)).length;
      searches.push(ms(start));
    }
    const open = percentiles(opens);
    const pullNow = percentiles(pulls);
    const search = percentiles(searches);
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const lines = [
      `## Scale: ${ITEMS.toLocaleString('en-US')} stored items (SQLite)`,
      '',
      `One user, ${SOURCES.toLocaleString('en-US')} sources, items over a year with full-text index; ${(ITEMS / 10).toLocaleString('en-US')} unseen from the last 14 days (the candidates a checkpoint ranks). Filling the database took ${fillSeconds.toFixed(0)} s (not a figure of merit: it bypasses fetching).`,
      '',
      '| operation | p50 ms | p95 ms | target |',
      '|---|---:|---:|---|',
      `| build the due checkpoint (${built.length} built, ${digestSize} items) | ${buildMs.toFixed(0)} | — | once per checkpoint |`,
      `| open it (pull: digest and items) | ${open.p50.toFixed(1)} | ${open.p95.toFixed(1)} | p95 ≤ 50 ms (${verdict(open.p95 <= 50)}) |`,
      `| pull now between checkpoints (ranks again) | ${pullNow.p50.toFixed(0)} | ${pullNow.p95.toFixed(0)} | |`,
      `| full-text search, 1–3 words (${Math.round(hits / 50)} hits on average, at most 50) | ${search.p50.toFixed(1)} | ${search.p95.toFixed(1)} | p95 ≤ 100 ms (${verdict(search.p95 <= 100)}) |`,
      '',
      '- FreshRSS, the peer of DESIGN.md, takes minutes to open 1.2M unread items (published figure; it does not run here).',
    ];
    const text = lines.join('\n');
    console.log(text);
    return text;
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
}
