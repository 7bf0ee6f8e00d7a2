import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCategory } from '../../src/db/repos/categories.ts';
import { insertSource } from '../../src/db/repos/sources.ts';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { buildDueCheckpoints, markDone } from '../../src/services/checkpoints/checkpoints.ts';
import { getFeedToken } from '../../src/services/checkpoints/feed-tokens.ts';
import { draft, openWorld, type World } from '../helpers/checkpoint-world.ts';
import { DIALECTS } from '../helpers/db.ts';
import { type RunningHttp, serveHttpApp } from '../helpers/http-app.ts';

const run = promisify(execFile);
/** Debian's Python, the one python3-feedparser installs into (a python3 earlier in PATH may not see it). */
const DEBIAN_PYTHON = '/usr/bin/python3';

/**
 * Python's feedparser (Debian's python3-feedparser), as a feed reader would call it: it fetches
 * the URL itself, or reads a file, and we print what it made of it.
 */
const FEEDPARSER = `
import json, sys, feedparser
d = feedparser.parse(sys.argv[1])
print(json.dumps({
  "bozo": d.bozo,
  "error": str(d.get("bozo_exception", "")),
  "status": d.get("status"),
  "version": d.version,
  "title": d.feed.get("title"),
  "entries": [{"id": e.get("id"), "title": e.get("title"), "link": e.get("link"),
               "updated": e.get("updated")} for e in d.entries],
}))
`;

interface Parsed {
  bozo: boolean | number;
  error: string;
  status: number | null;
  version: string;
  title: string | null;
  entries: { id: string; title: string; link: string; updated: string }[];
}

/** No proxy from the environment: the reader talks to 127.0.0.1 only. */
const readerEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };

// Asynchronous on purpose: the server the reader fetches from runs in this process.
async function feedparser(target: string): Promise<Parsed> {
  const { stdout } = await run(DEBIAN_PYTHON, ['-c', FEEDPARSER, target], { env: readerEnv });
  return JSON.parse(stdout) as Parsed;
}

describe.each(DIALECTS)('feed readers reading our Atom feed and OPML on %s', (dialect) => {
  let w: World;
  let running: RunningHttp;
  let dir: string;
  let token: string;
  const checkpointIds: number[] = [];
  const feeds = [
    {
      name: 'Example News',
      url: 'https://news.example/feed?lang=en&page=1',
      category: 'News & Tech',
    },
    { name: 'Tom & Jerry <Blog>', url: 'https://blog.example/atom.xml', category: 'Blogs «été»' },
    { name: 'Uncategorised "quotes"', url: 'https://plain.example/rss', category: null },
  ];

  beforeAll(async () => {
    w = await openWorld(dialect);
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-readers-'));
    token = (await createApiToken(w.app.db.kysely, w.app.clock, w.user.id, 'readers')).token;
    const sources = [];
    for (const feed of feeds) {
      const categoryId = feed.category
        ? await ensureCategory(w.app.db.kysely, w.user.id, feed.category)
        : null;
      sources.push(
        await insertSource(w.app.db.kysely, {
          user_id: w.user.id,
          kind: 'feed',
          name: feed.name,
          url: feed.url,
          category_id: categoryId,
          created_at: w.clock.now().getTime(),
        }),
      );
    }
    // Not a feed, so not in the OPML export.
    await w.source('Mastodon mentions', 'mastodon');
    // Three days, three checkpoints, each with items from every source.
    for (const [day, date] of ['2026-03-02', '2026-03-03', '2026-03-04'].entries()) {
      w.clock.set(`${date}T09:00:00Z`);
      for (const [i, source] of sources.entries()) {
        await w.ingest(source, [draft(`d${day}s${i}`, `Story ${day}.${i} & <more>`)]);
      }
      w.clock.set(`${date}T12:30:00Z`);
      const [built] = await buildDueCheckpoints(w.app);
      checkpointIds.push(built!.checkpoint.id);
      await markDone(w.app, w.user, built!.checkpoint.id);
    }
    running = await serveHttpApp(w.app);
  });
  afterAll(async () => {
    await running?.close();
    await w?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('feedparser reads the private Atom feed: one entry per checkpoint, no bozo error', async () => {
    const { url } = await getFeedToken(w.app, w.user.id);
    const parsed = await feedparser(`${running.url}${new URL(url).pathname}`);
    expect(parsed.error).toBe('');
    expect(parsed.bozo).toBeFalsy();
    expect(parsed.status).toBe(200);
    expect(parsed.version).toBe('atom10');
    expect(parsed.title).toBe('Checkpoint — your checkpoints');
    expect(parsed.entries.map((e) => e.id)).toEqual(
      [...checkpointIds]
        .reverse()
        .map((id) => expect.stringMatching(new RegExp(`:checkpoint:${id}$`))),
    );
    for (const entry of parsed.entries) {
      expect(entry.title).toMatch(/^Checkpoint of 12:30 — 3 items, ~\d+ min$/);
      expect(entry.link).toMatch(/\/checkpoint\?id=\d+$/);
      expect(entry.updated).toMatch(/^2026-03-0[234]T12:30:00/);
    }
  });

  it('newsboat imports the OPML export with every feed, in its folder', async () => {
    const res = await fetch(`${running.url}/api/v1/opml`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const opml = join(dir, 'checkpoint.opml');
    await writeFile(opml, Buffer.from(await res.arrayBuffer()));

    // Well-formed XML in its declared encoding, as feedparser sees it.
    const parsed = await feedparser(opml);
    expect(parsed.error).toBe('');
    expect(parsed.bozo).toBeFalsy();

    const urls = join(dir, 'urls');
    await writeFile(urls, '');
    const { stdout } = await run(
      'newsboat',
      ['-u', urls, '-c', join(dir, 'cache.db'), '-C', join(dir, 'config'), '-i', opml],
      { env: { ...readerEnv, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir } },
    );
    expect(stdout).toContain('Import of');
    const lines = (await readFile(urls, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    expect(lines.sort()).toEqual(
      feeds.map((f) => (f.category ? `${f.url} "${f.category}"` : f.url)).sort(),
    );
  });
});
