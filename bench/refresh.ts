/**
 * Refresh benchmark (DESIGN.md "Performance targets"): 1,000 feeds × 20 items served by a local
 * HTTP server on 127.0.0.1 (ETag/304), fetched by the real fetch cycle: first fetch, all
 * unchanged (304), and 10 % changed. The peer, FreshRSS, cannot run on this machine (no PHP
 * stack), so its published figures are shown as the targets, not measured in this run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.ts';
import { insertSource } from '../src/db/repos/sources.ts';
import { openApp } from '../src/services/app.ts';
import { runFetchCycle } from '../src/services/fetch-cycle.ts';
import { resolveUser } from '../src/services/users.ts';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 1000);
const ITEMS = 20;

function feed(n: number, version: number): string {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const id = `${n}-${version > 0 && i === 0 ? `v${version}` : i}`;
    return `<item><title>Feed ${n} item ${id}: news about topic ${(n * 7 + i) % 97}</title><link>https://site${n}.example/posts/${id}</link><guid>${id}</guid><pubDate>Mon, 02 Mar 2026 ${String(i % 24).padStart(2, '0')}:00:00 GMT</pubDate><description><![CDATA[<p>Paragraph for item ${id} with <a href="/x">a link</a> and some words to read.</p>]]></description></item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${n}</title><link>https://site${n}.example/</link>${items.join('')}</channel></rss>`;
}

async function serve(versions: Map<number, number>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const n = Number(/\/feed\/(\d+)/.exec(req.url ?? '')?.[1]);
    const version = versions.get(n) ?? 0;
    const etag = `"${n}-${version}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag });
    res.end(feed(n, version));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function benchRefresh(): Promise<string> {
  const versions = new Map<number, number>();
  const { server, url } = await serve(versions);
  const dir = await mkdtemp(join(tmpdir(), 'checkpoint-bench-'));
  const app = await openApp(
    loadConfig({
      CHECKPOINT_DATA_DIR: dir,
      CHECKPOINT_SECRET: 'bench-secret-bench-secret-bench-secret',
      CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32',
      CHECKPOINT_FETCH_CONCURRENCY: '32',
      // Every feed is on one host here; per-host limits are for the real web.
      CHECKPOINT_FETCH_PER_HOST: '32',
      LOG_LEVEL: 'silent',
    }),
  );
  try {
    const user = await resolveUser(app.db.kysely, undefined);
    for (let n = 0; n < FEEDS; n++) {
      await insertSource(app.db.kysely, {
        user_id: user.id,
        kind: 'feed',
        name: `Feed ${n}`,
        url: `${url}/feed/${n}`,
        created_at: 1,
      });
    }
    const cycle = async () => {
      const start = performance.now();
      const results = await runFetchCycle(app, { force: true });
      const ms = performance.now() - start;
      const failed = results.filter((r) => r.status === 'error').length;
      return {
        ms,
        inserted: results.reduce((s, r) => s + r.inserted.length, 0),
        failed,
        rss: process.memoryUsage().rss,
      };
    };
    const first = await cycle();
    const unchanged = await cycle();
    for (let n = 0; n < FEEDS; n += 10) versions.set(n, 1);
    const changed = await cycle();
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    const lines = [
      '## Refresh 1,000 local feeds × 20 items (fetch cycle over HTTP on loopback, SQLite)',
      '',
      '| cycle | seconds | new items | failed | RSS after | target (FreshRSS ÷ 5) |',
      '|---|---:|---:|---:|---:|---:|',
      `| first fetch | ${(first.ms / 1000).toFixed(2)} | ${first.inserted} | ${first.failed} | ${mb(first.rss)} MB | ≤ 6.5 s (FreshRSS 32.5 s) |`,
      `| all unchanged (304) | ${(unchanged.ms / 1000).toFixed(2)} | ${unchanged.inserted} | ${unchanged.failed} | ${mb(unchanged.rss)} MB | ≤ 0.93 s (4.65 s) |`,
      `| 10 % changed | ${(changed.ms / 1000).toFixed(2)} | ${changed.inserted} | ${changed.failed} | ${mb(changed.rss)} MB | ≤ 1.16 s (5.81 s) |`,
      '',
      '- FreshRSS figures are the published ones of DESIGN.md (sequential, one fsync per item); it does not run here. Peak RSS target ≤ 120 MB.',
    ];
    const text = lines.join('\n');
    console.log(text);
    return text;
  } finally {
    await app.close();
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
