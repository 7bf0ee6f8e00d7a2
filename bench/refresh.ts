/**
 * Refresh benchmark (DESIGN.md "Performance targets"): 1,000 and then 10,000 feeds × 20 items
 * served by a local HTTP server on 127.0.0.1 (ETag/304), fetched by the real fetch cycle: first
 * fetch, all unchanged (304), and 10 % changed. The peers, FreshRSS and Miniflux, cannot run on
 * this machine (no PHP stack, no Go toolchain from the registries here), so their published
 * figures are shown as the targets, not measured in this run.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { bundleEntries, freshBundle } from '../bin/bundle.js';
import type { ChildReport, Cycle } from './refresh-child.ts';

const ITEMS = 20;

function feed(n: number, version: number): string {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const id = `${n}-${version > 0 && i === 0 ? `v${version}` : i}`;
    return `<item><title>Feed ${n} item ${id}: news about topic ${(n * 7 + i) % 97}</title><link>https://site${n}.example/posts/${id}</link><guid>${id}</guid><pubDate>Mon, 02 Mar 2026 ${String(i % 24).padStart(2, '0')}:00:00 GMT</pubDate><description><![CDATA[<p>Paragraph for item ${id} with <a href="/x">a link</a> and some words to read.</p>]]></description></item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${n}</title><link>https://site${n}.example/</link>${items.join('')}</channel></rss>`;
}

async function serve(
  versions: Map<number, number>,
  feeds: number,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/bump') {
      // 10 % of the feeds get a new first item.
      for (let n = 0; n < feeds; n += 10) versions.set(n, (versions.get(n) ?? 0) + 1);
      res.end();
      return;
    }
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

/** One child run over `feeds` feeds served from this process. */
async function measure(feeds: number, outdir: string): Promise<ChildReport> {
  const { server, url } = await serve(new Map(), feeds);
  try {
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [`${outdir}/refresh-child.js`, url, String(feeds)],
        { maxBuffer: 1 << 20 },
        (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      );
    });
    return JSON.parse(output.trim().split('\n').at(-1)!) as ChildReport;
  } finally {
    server.close();
  }
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const row = (name: string, c: Cycle, target: string) =>
  `| ${name} | ${(c.ms / 1000).toFixed(2)} | ${c.inserted} | ${c.failed} | ${target} |`;

export async function benchRefresh(): Promise<string> {
  // The feeds are served from this process; Checkpoint runs in a child, bundled as the
  // `checkpoint` command is (its prepare worker is the command's own, hence freshBundle).
  await freshBundle();
  const outdir = fileURLToPath(new URL('../dist/bench', import.meta.url));
  await bundleEntries(
    { 'refresh-child': fileURLToPath(new URL('./refresh-child.ts', import.meta.url)) },
    outdir,
  );
  const small = await measure(1000, outdir);
  const large = await measure(10_000, outdir);
  const lines = [
    '## Refresh 1,000 local feeds × 20 items (fetch cycle over HTTP on loopback, SQLite)',
    '',
    'Checkpoint runs in a child process (the feeds are served by the parent), so the memory figures are its own.',
    '',
    '| cycle | seconds | new items | failed | target (FreshRSS ÷ 5) |',
    '|---|---:|---:|---:|---:|',
    row('first fetch', small.first, '≤ 6.5 s (FreshRSS 32.5 s)'),
    row('all unchanged (304)', small.unchanged, '≤ 0.93 s (4.65 s)'),
    row('10 % changed', small.changed, '≤ 1.16 s (5.81 s)'),
    '',
    `- peak RSS of the Checkpoint process: ${mb(small.peakRss)} MB (target ≤ 120 MB); before the first cycle, with Node and our modules loaded: ${mb(small.baseRss)} MB`,
    `- the three cycles and the setup took ${small.cpuSeconds.toFixed(1)} CPU seconds of the Checkpoint process`,
    '- FreshRSS figures are the published ones of DESIGN.md (sequential, one fsync per item); it does not run here.',
    '',
    '## Refresh 10,000 local feeds × 20 items',
    '',
    '| cycle | seconds | new items | failed | target |',
    '|---|---:|---:|---:|---:|',
    row('first fetch', large.first, '≤ 60 s'),
    row('all unchanged (304)', large.unchanged, '≤ 10 s'),
    row('10 % changed', large.changed, ''),
    '',
    `- peak RSS of the Checkpoint process: ${mb(large.peakRss)} MB (target ≤ 200 MB); ${large.cpuSeconds.toFixed(1)} CPU seconds in all`,
    '- the peer of DESIGN.md is Miniflux with its defaults (16 workers); it does not run here.',
  ];
  const text = lines.join('\n');
  console.log(text);
  return text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchRefresh();
}
