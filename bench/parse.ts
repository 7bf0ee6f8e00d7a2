/**
 * Feed parsing throughput: ours (bytes in → decoded text, parsed dates, absolute URLs) against
 * rss-parser and feedsmith on the same generated 20,000-item RSS 2.0 and Atom documents.
 * Runs are interleaved and the median of each is reported; see DESIGN.md "Performance targets".
 */
import { readFileSync } from 'node:fs';
import { parseFeed as feedsmithParse } from 'feedsmith';
import RssParser from 'rss-parser';
import { sanitizeHtml } from '../src/lib/html/sanitize.ts';
import { parseFeed } from '../src/sources/feed/parse.ts';

const ITEMS = 20_000;
const RUNS = 9;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function rfc822(d: Date): string {
  const day = DAYS[d.getUTCDay()];
  const month = MONTHS[d.getUTCMonth()];
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${day}, ${pad(d.getUTCDate())} ${month} ${d.getUTCFullYear()} ${time} +0000`;
}

/** ~500 bytes of article HTML with entities, non-ASCII punctuation, a relative link and image. */
function articleHtml(i: number): string {
  const p = (k: number) =>
    `<p>Part ${k} of post ${i}: a fox &amp; a dog — “quoted” text, <a href="/posts/${i + k}">a link</a>, <em>emphasis</em>, <code>code()</code>.</p>`;
  return `${p(1)}${p(2)}<p><img src="/img/${i}.jpg" alt="Figure ${i}"></p>`;
}

function date(i: number): Date {
  return new Date(Date.UTC(2024, 0, 1) - i * 3_600_000);
}

/** A deterministic 20,000-item RSS 2.0 feed (~18 MB). */
export function generateRss(items = ITEMS): string {
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n<title>Bench &amp; Co</title>\n<link>https://example.com/</link>\n<atom:link href="https://example.com/feed.xml" rel="self" type="application/rss+xml"/>\n<description>Benchmark feed</description>\n',
  ];
  for (let i = 0; i < items; i++) {
    const summary = `&lt;p&gt;Summary of post ${i} &amp;amp; more&lt;/p&gt;`;
    parts.push(
      `<item>\n<title>Post ${i}: Rock &amp; roll &#8211; &#x201C;news&#x201D;</title>\n<link>https://example.com/posts/${i}?utm_source=rss&amp;utm_medium=feed</link>\n<guid isPermaLink="false">tag:example.com,2024:post-${i}</guid>\n<pubDate>${rfc822(date(i))}</pubDate>\n<dc:creator>Author ${i % 17}</dc:creator>\n<category>Category ${i % 7}</category>\n<category>Tag ${i % 13}</category>\n<description>${summary}</description>\n<content:encoded><![CDATA[${articleHtml(i)}]]></content:encoded>\n<enclosure url="/media/${i}.mp3" length="${1000 + i}" type="audio/mpeg"/>\n</item>\n`,
    );
  }
  parts.push('</channel>\n</rss>\n');
  return parts.join('');
}

/** A deterministic 20,000-item Atom 1.0 feed of similar size (escaped HTML content). */
export function generateAtom(items = ITEMS): string {
  const parts = [
    '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.com/">\n<title>Bench &amp; Co</title>\n<link rel="alternate" href="https://example.com/"/>\n<link rel="self" href="https://example.com/atom.xml"/>\n<id>tag:example.com,2024:feed</id>\n<updated>2024-01-01T00:00:00Z</updated>\n',
  ];
  for (let i = 0; i < items; i++) {
    const html = articleHtml(i).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    parts.push(
      `<entry>\n<title type="html">Post ${i}: Rock &amp;amp; roll &#8211; &#x201C;news&#x201D;</title>\n<link rel="alternate" type="text/html" href="/posts/${i}?utm_source=atom&amp;utm_medium=feed"/>\n<link rel="enclosure" type="audio/mpeg" length="${1000 + i}" href="/media/${i}.mp3"/>\n<id>tag:example.com,2024:post-${i}</id>\n<published>${date(i).toISOString()}</published>\n<updated>${date(i - 1).toISOString()}</updated>\n<author><name>Author ${i % 17}</name></author>\n<category term="Category ${i % 7}"/>\n<category term="Tag ${i % 13}"/>\n<summary type="html">Summary of post ${i} &amp;amp; more</summary>\n<content type="html">${html}</content>\n</entry>\n`,
    );
  }
  parts.push('</feed>\n');
  return parts.join('');
}

interface Contender {
  name: string;
  run: () => Promise<number>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * CPU time of this process's main thread in ms (Linux, 10 ms ticks), or NaN elsewhere. On a
 * shared machine it is steadier than wall time, which other processes' load inflates unevenly
 * (a parser leaning on parallel GC threads suffers more than one that does not).
 */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

interface Timing {
  wall: number;
  cpu: number;
  /** Wall time of each round, in order (rounds interleave the contenders). */
  rounds: number[];
}

async function measure(contenders: Contender[]): Promise<Map<string, Timing>> {
  const times = new Map<string, { wall: number[]; cpu: number[] }>(
    contenders.map((c) => [c.name, { wall: [], cpu: [] }]),
  );
  for (const c of contenders) await c.run(); // warm-up
  for (let r = 0; r < RUNS; r++) {
    for (const c of contenders) {
      (globalThis as { gc?: () => void }).gc?.();
      const cpu = mainThreadCpuMs();
      const start = performance.now();
      const n = await c.run();
      const t = times.get(c.name)!;
      t.wall.push(performance.now() - start);
      t.cpu.push(mainThreadCpuMs() - cpu);
      if (n !== ITEMS) throw new Error(`${c.name} parsed ${n} items, expected ${ITEMS}`);
    }
  }
  return new Map(
    [...times].map(([k, v]) => [k, { wall: median(v.wall), cpu: median(v.cpu), rounds: v.wall }]),
  );
}

function contenders(text: string, bytes: Uint8Array, url: string): Contender[] {
  const rssParser = new RssParser();
  return [
    { name: 'ours', run: async () => parseFeed(bytes, { url }).items.length },
    {
      name: 'ours + sanitise',
      run: async () => {
        const feed = parseFeed(bytes, { url });
        for (const e of feed.items) {
          if (e.contentHtml) e.contentHtml = sanitizeHtml(e.contentHtml, e.baseUrl);
        }
        return feed.items.length;
      },
    },
    { name: 'rss-parser', run: async () => (await rssParser.parseString(text)).items.length },
    {
      name: 'feedsmith',
      run: async () => {
        const { feed } = feedsmithParse(text) as {
          feed: { items?: unknown[]; entries?: unknown[] };
        };
        return (feed.items ?? feed.entries ?? []).length;
      },
    },
  ];
}

/** Median over the rounds of `other`'s wall time divided by `ours`'s in the same round. */
function paired(other: Timing, ours: Timing): number {
  return median(other.rounds.map((w, i) => w / ours.rounds[i]!));
}

function table(label: string, mb: number, medians: Map<string, Timing>): string {
  const ours = medians.get('ours')!;
  const rows = [...medians].map(([name, timing]) => {
    const { wall, cpu } = timing;
    const ratio =
      name === 'ours'
        ? '—'
        : `${paired(timing, ours).toFixed(2)}× (CPU ${(cpu / ours.cpu).toFixed(2)}×)`;
    const itemsPerS = Math.round((ITEMS / wall) * 1000).toLocaleString('en-US');
    return `| ${name} | ${wall.toFixed(0)} | ${cpu.toFixed(0)} | ${itemsPerS} | ${((mb / wall) * 1000).toFixed(1)} | ${ratio} |`;
  });
  return [
    `### ${label} (${ITEMS.toLocaleString('en-US')} items, ${mb.toFixed(1)} MB)`,
    '',
    '| parser | median ms | main-thread CPU ms | items/s | MB/s | time vs ours |',
    '|---|---:|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
}

/** Runs the parse benchmark and returns its Markdown section (also printed). */
export async function benchParse(): Promise<string> {
  const sections = ['## Feed parsing', ''];
  sections.push(
    `Median of ${RUNS} interleaved runs per parser, one process, \`gc()\` before each run. "ours" takes bytes and returns decoded text, parsed dates and absolute URLs; rss-parser and feedsmith take the already-decoded string (their default \`parseString\` / \`parseFeed\` call). "ours + sanitise" also sanitises every item's content with our sanitiser. "time vs ours" is the median over the rounds of the round's wall-time ratio (each round runs every parser back to back, so a slow spell of this shared machine slows both sides of a ratio); the ratio of main-thread CPU medians is shown beside it.`,
  );
  const summary: string[] = [];
  for (const [label, text, url] of [
    ['RSS 2.0', generateRss(), 'https://example.com/feed.xml'],
    ['Atom 1.0', generateAtom(), 'https://example.com/atom.xml'],
  ] as const) {
    const bytes = new TextEncoder().encode(text);
    const medians = await measure(contenders(text, bytes, url));
    sections.push('', table(label, bytes.length / 1e6, medians));
    const ours = medians.get('ours')!;
    const vs = (peer: string) => {
      const t = medians.get(peer)!;
      return `${paired(t, ours).toFixed(2)}× ${peer} (CPU ${(t.cpu / ours.cpu).toFixed(2)}×)`;
    };
    summary.push(`${label}: ${vs('rss-parser')} (target ≥ 3×), ${vs('feedsmith')} (target ≥ 1.5×)`);
  }
  sections.push('', ...summary.map((s) => `- ${s}`));
  const out = sections.join('\n');
  console.log(out);
  return out;
}
