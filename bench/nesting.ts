/**
 * Deep nesting and large feed bodies: a ~7 MB RSS feed of 10^6 nested elements — inside one
 * item's description, as escaped HTML in a description (the sanitiser's input), and in the
 * document itself — and 10^6 elements side by side in a description, parsed as a refetch parses it (`parseFeedBody`) and prepared as ingest
 * prepares it (`prepareDraft`: sanitise, text; on the pool when the HTML is heavy). Each case runs in a fresh process, so its peak
 * RSS is its own; the longest event-loop stall is what /healthz would wait at worst.
 */
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { prepareDraft } from '../src/pipeline/prepare.ts';
import { heavyContent, sharedPreparePool } from '../src/pipeline/prepare-pool.ts';
import { feedToDrafts } from '../src/sources/feed/adapter.ts';
import { parseFeedBody } from '../src/sources/feed/fetch.ts';

const DEPTH = 1_000_000;
const HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Deep</title><link>https://example.com/</link>';

function nested(open: string, close: string, inner: string, depth = DEPTH): string {
  return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}

const item = (description: string) =>
  `<item><title>Deep</title><link>https://example.com/deep</link><guid>deep</guid><description>${description}</description></item>`;

/** The cases: a name and a generator of the feed's text. */
export const NESTED_FEEDS: Record<string, () => string> = {
  'elements in a description': () =>
    `${HEAD}${item(nested('<a>', '</a>', 'deep'))}</channel></rss>`,
  'escaped HTML in a description': () =>
    `${HEAD}${item(nested('&lt;b&gt;', '&lt;/b&gt;', 'deep', DEPTH / 2))}</channel></rss>`,
  'side by side in a description': () =>
    `${HEAD}${item(`${'<a/>'.repeat(DEPTH)}wide`)}</channel></rss>`,
  'the document itself': () =>
    `${HEAD}${item('shallow')}${nested('<a>', '</a>', 'deep')}</channel></rss>`,
};

interface Figures {
  bytes: number;
  items: number;
  contentChars: number;
  parseMs: number;
  prepareMs: number;
  baseRssMb: number;
  peakRssMb: number;
  maxStallMs: number;
}

/** One case, in this process: parse, prepare, and the figures. */
async function runCase(name: string): Promise<Figures> {
  const bytes = new TextEncoder().encode(NESTED_FEEDS[name]!());
  (globalThis as { gc?: () => void }).gc?.();
  const baseRssMb = process.memoryUsage().rss / 1e6;
  const stalls = monitorEventLoopDelay({ resolution: 5 });
  stalls.enable();
  // A timer keeps the loop turning, as a server's connections would.
  const tick = setInterval(() => {}, 5);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const start = performance.now();
  const feed = await parseFeedBody(bytes, {
    contentType: 'application/rss+xml',
    url: 'https://example.com/feed.xml',
  });
  const parsed = performance.now();
  // As ingest does: a few items are prepared here, unless their HTML is heavy.
  const jobs = feedToDrafts(feed).map((draft) => ({ draft }));
  const pool = sharedPreparePool();
  const items =
    pool && heavyContent(jobs)
      ? await pool.prepare(jobs)
      : jobs.map((job) => prepareDraft(job.draft));
  const prepared = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(tick);
  stalls.disable();
  return {
    bytes: bytes.length,
    items: items.length,
    contentChars: items.reduce((n, i) => n + (i.contentHtml?.length ?? 0), 0),
    parseMs: parsed - start,
    prepareMs: prepared - parsed,
    baseRssMb,
    peakRssMb: process.resourceUsage().maxRSS / 1e3,
    maxStallMs: stalls.max / 1e6,
  };
}

/** Runs `name` in a fresh process (this file's own entry, as run.ts started it). */
function inChild(name: string): Promise<Figures> {
  const args = [...process.execArgv, process.argv[1]!, '--only', 'nesting', '--case', name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Figures)
        : reject(new Error(`nesting case ${name} exited with ${code}`)),
    );
  });
}

/** Runs the nesting benchmark and returns its Markdown section (also printed). */
export async function benchNesting(): Promise<string> {
  const only = process.argv.indexOf('--case');
  if (only !== -1) {
    // The child's answer: one line of JSON, after anything else printed.
    const figures = await runCase(process.argv[only + 1]!);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    process.exit(0);
  }
  const rows: string[] = [];
  for (const name of Object.keys(NESTED_FEEDS)) {
    const f = await inChild(name);
    rows.push(
      `| ${name} | ${(f.bytes / 1e6).toFixed(1)} | ${f.parseMs.toFixed(0)} | ${f.prepareMs.toFixed(0)} | ${f.maxStallMs.toFixed(0)} | ${f.baseRssMb.toFixed(0)} → ${f.peakRssMb.toFixed(0)} | ${f.items} | ${f.contentChars.toLocaleString('en-US')} |`,
    );
    console.log(rows.at(-1));
  }
  const out = [
    '## Deep nesting (10^6 nested elements, one process per case)',
    '',
    'A feed of 10^6 nested `<a>` elements (in an item, or in the channel itself), of 5·10^5 nested escaped `<b>` tags in a description, or of 10^6 `<a/>` side by side in a description. "parse" is `parseFeedBody` as a refetch runs it (a body over 512 KB on the prepare worker thread), "prepare" is `prepareDraft` (sanitise, text) as ingest runs it (on the main thread, or on the worker thread when the HTML of the item is heavy); "max stall" is the longest event-loop delay seen meanwhile (`monitorEventLoopDelay`), what /healthz would wait at worst; RSS is before the case → the process peak.',
    '',
    '| case | MB | parse ms | prepare ms | max stall ms | RSS MB | items | stored HTML chars |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
  console.log(out);
  return out;
}
