import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, json, runCheckpoint } from '../helpers/cli.ts';
import { rss } from '../helpers/feeds.ts';
import {
  type FixtureServer,
  sendWithValidators,
  startFixtureServer,
} from '../helpers/fixture-server.ts';

/** The `checkpoint` command as scripts use it: exit codes, stdout JSON, stderr messages. */
describe('checkpoint CLI', () => {
  let dir: string;
  let server: FixtureServer;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCheckpoint(args, env);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-cli-'));
    server = await startFixtureServer();
    env = { CHECKPOINT_DATA_DIR: join(dir, 'data'), CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32' };
    server.route('/news.xml', (req, res) =>
      sendWithValidators(req, res, {
        body: rss('News', [
          {
            guid: 'n1',
            title: 'Hello <b>world</b>',
            link: 'https://news.example.org/1',
            date: 'Mon, 02 Mar 2026 06:00:00 GMT',
            html: '<p>Hi<script>alert(1)</script></p>',
          },
          { guid: 'n2', title: 'Second', link: 'https://news.example.org/2' },
        ]),
        contentType: 'application/rss+xml',
        etag: '"n-1"',
      }),
    );
    server.route('/home/', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<html><head><link rel="alternate" type="application/rss+xml" title="A" href="/news.xml"><link rel="alternate" type="application/atom+xml" title="B" href="/atom.xml"></head></html>',
      );
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints help and exits 0; wrong usage exits 2', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('source');
    const bad = await cli('source', 'remove');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/missing required argument/);
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
  });

  it('stops with exit 2 and every bad variable listed on invalid config', async () => {
    const result = await runCheckpoint(['source', 'list'], {
      ...env,
      PORT: 'abc',
      CHECKPOINT_ALLOW_NETWORKS: 'nope',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('CHECKPOINT_ALLOW_NETWORKS');
  });

  it('creates users and API tokens as JSON', async () => {
    const user = await cli('user', 'create', 'Reader@Example.org', '--json');
    expect(user.code).toBe(0);
    expect(json(user)).toMatchObject({ email: 'reader@example.org', role: 'member' });
    const token = await cli('token', 'create', '--label', 'ci', '--json');
    expect(token.code).toBe(0);
    expect(Object.keys(json<object>(token))).toEqual(['token']);
    expect(json<{ token: string }>(token).token).toMatch(/^cpt_[\w-]{43}$/);
    // Stored as a SHA-256 hash only: the database never holds the token itself.
    const db = new SqliteDatabase(join(dir, 'data', 'checkpoint.db'), { readonly: true });
    const rows = db.prepare('select label, token_hash from api_tokens').all() as {
      label: string;
      token_hash: string;
    }[];
    db.close();
    const plain = json<{ token: string }>(token).token;
    expect(rows.find((r) => r.label === 'ci')?.token_hash).toBe(
      createHash('sha256').update(plain).digest('hex'),
    );
    expect(JSON.stringify(rows)).not.toContain(plain);
    const duplicate = await cli('user', 'create', 'reader@example.org');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('parses a feed file as JSON with the exact shape', async () => {
    const file = join(dir, 'feed.xml');
    await writeFile(
      file,
      rss('File feed', [
        {
          guid: 'x',
          title: 'T &amp; <i>U</i>',
          link: '/rel',
          html: '<p onclick="x()">Body <a href="javascript:alert(1)">bad</a> <img src="/i.png"></p>',
        },
        { title: 'No guid' },
      ]),
    );
    const result = await cli(
      'feed',
      'parse',
      file,
      '--url',
      'https://example.org/feed.xml',
      '--json',
    );
    expect(result.code).toBe(0);
    const feed = json<{
      format: string;
      title: string;
      siteUrl: string;
      items: Record<string, unknown>[];
    }>(result);
    expect(Object.keys(feed)).toEqual(['format', 'title', 'siteUrl', 'items']);
    expect(feed.format).toBe('rss');
    expect(Object.keys(feed.items[0]!)).toEqual([
      'guid',
      'url',
      'title',
      'author',
      'publishedAt',
      'contentHtml',
      'summary',
    ]);
    expect(feed.items[0]).toMatchObject({
      guid: 'x',
      url: 'https://example.org/rel',
      title: 'T & U',
      author: null,
      publishedAt: null,
      summary: 'Body bad',
    });
    expect(feed.items[0]?.contentHtml).not.toMatch(/onclick|javascript:/);
    expect(feed.items[0]?.contentHtml).toContain('https://example.org/i.png');
    expect(feed.items[1]?.guid).toBeNull();
    const notFeed = join(dir, 'page.html');
    await writeFile(notFeed, '<html><body>Hello</body></html>');
    const failed = await cli('feed', 'parse', notFeed, '--json');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    const empty = join(dir, 'empty.xml');
    await writeFile(empty, rss('Empty', []));
    expect(json<{ items: unknown[] }>(await cli('feed', 'parse', empty, '--json')).items).toEqual(
      [],
    );
  });

  it('writes all of a large --json output into a shell pipe before exiting', async () => {
    const file = join(dir, 'big.xml');
    const items = Array.from({ length: 400 }, (_, i) => ({
      guid: `big-${i}`,
      title: `Item ${i}`,
      html: `<p>${'Many words in a long body. '.repeat(20)}</p>`,
    }));
    await writeFile(file, rss('Big feed', items));
    const out = join(dir, 'big.json');
    // A real pipe (not Node's socketpair), as in `checkpoint … --json | jq`.
    await promisify(execFile)(
      'sh',
      ['-c', `"${process.execPath}" "${BIN}" feed parse "${file}" --json | cat > "${out}"`],
      { env: { ...env, PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn' } },
    );
    const text = await readFile(out, 'utf8');
    expect(text.length).toBeGreaterThan(200_000);
    expect((JSON.parse(text) as { items: unknown[] }).items).toHaveLength(400);
  });

  it('adds a source; a page with several feeds and no TTY exits 1 listing them unless --pick', async () => {
    const several = await cli('source', 'add', server.urlFor('/home/'));
    expect(several.code).toBe(1);
    expect(several.stderr).toContain('--pick');
    expect(several.stderr).toContain('/news.xml');
    const added = await cli('source', 'add', server.urlFor('/home/'), '--pick', '1', '--json');
    expect(added.code).toBe(0);
    const source = json<{ id: number; name: string; title: string; itemsAdded: number }>(added);
    expect(source).toMatchObject({ name: 'News', title: 'News', itemsAdded: 2 });
    const plain = await cli('source', 'add', server.urlFor('/news.xml'));
    expect(plain.stdout.trim()).toBe(`${source.id}\tNews`);
    const list = json<{ id: number; lastError: string | null }[]>(
      await cli('source', 'list', '--json'),
    );
    expect(list.map((s) => s.id)).toEqual([source.id]);
  });

  it('lists items with the DESIGN.md shape, newest first', async () => {
    const result = await cli('items', '--json', '--limit', '10');
    expect(result.code).toBe(0);
    const items = json<Record<string, unknown>[]>(result);
    expect(items).toHaveLength(2);
    expect(Object.keys(items[0]!).sort()).toEqual(
      [
        'id',
        'sourceId',
        'sourceKind',
        'kind',
        'title',
        'url',
        'author',
        'publishedAt',
        'receivedAt',
        'wouldPush',
        'priority',
        'read',
        'starred',
        'dismissed',
        'clusterId',
        'contentHtml',
      ].sort(),
    );
    expect(items.find((i) => i.title === 'Hello world')?.contentHtml).not.toContain('script');
    const articles = json<unknown[]>(await cli('items', '--kind', 'article', '--json'));
    expect(articles).toHaveLength(2);
    expect((await cli('items', '--kind', 'bogus', '--json')).code).toBe(2);
    expect(json<unknown[]>(await cli('items', '--since', '2999-01-01', '--json'))).toEqual([]);
  });

  it('fetches now and ticks at a given time', async () => {
    const fetched = await cli('fetch', '--json');
    expect(fetched.code).toBe(0);
    expect(json<{ status: string }[]>(fetched).map((r) => r.status)).toEqual(['not_modified']);
    const tick = await cli('tick', '--at', '2030-01-07T08:00:00Z', '--json');
    expect(tick.code).toBe(0);
    expect(json<{ at: string }>(tick).at).toBe('2030-01-07T08:00:00.000Z');
    expect((await cli('tick', '--at', 'yesterday')).code).toBe(2);
  });

  it('exports OPML and imports it back without duplicates', async () => {
    const exported = await cli('opml', 'export');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`xmlUrl="${server.urlFor('/news.xml')}"`);
    const file = join(dir, 'subs.opml');
    await writeFile(file, exported.stdout);
    const imported = await cli('opml', 'import', file, '--json');
    expect(json(imported)).toMatchObject({ added: 0, skipped: 1, errors: [] });
    expect(await readFile(file, 'utf8')).toContain('<opml version="2.0">');
  });

  it('removes a source; an unknown id fails with one line', async () => {
    const [source] = json<{ id: number }[]>(await cli('source', 'list', '--json'));
    expect((await cli('source', 'remove', String(source!.id))).code).toBe(0);
    const missing = await cli('source', 'remove', '99999');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no source 99999');
    expect(json<unknown[]>(await cli('items', '--json'))).toEqual([]);
  });

  it('parses a feed from a URL, through the SSRF guard', async () => {
    const parsed = await cli('feed', 'parse', server.urlFor('/news.xml'), '--json');
    expect(parsed.code).toBe(0);
    const feed = json<{ format: string; title: string; items: { guid: string }[] }>(parsed);
    expect(feed).toMatchObject({ format: 'rss', title: 'News' });
    expect(feed.items.map((i) => i.guid)).toEqual(['n1', 'n2']);
    // A private address is refused before any connection is made.
    const refused = await cli('feed', 'parse', 'http://10.1.2.3/feed.xml', '--json');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/10\.1\.2\.3/);
  });

  it('shows the last error of a failing source in source list', async () => {
    let failing = false;
    server.route('/flaky.xml', (_req, res) => {
      if (failing) {
        res.writeHead(500).end('down');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss('Flaky', [{ guid: 'f1', title: 'Fine for now' }]));
    });
    expect((await cli('source', 'add', server.urlFor('/flaky.xml'))).code).toBe(0);
    failing = true;
    const fetched = await cli('fetch');
    expect(fetched.code).toBe(0);
    expect(fetched.stderr).toContain('HTTP 500');
    const listed = json<{ url: string; errorCount: number; lastError: string | null }[]>(
      await cli('source', 'list', '--json'),
    );
    expect(listed.find((s) => s.url === server.urlFor('/flaky.xml'))).toMatchObject({
      errorCount: 1,
      lastError: expect.stringContaining('HTTP 500'),
    });
    const table = await cli('source', 'list');
    expect(table.stdout).toContain('HTTP 500');
  });

  it('shows progress bars for an OPML import on a terminal', async () => {
    const file = join(dir, 'tty.opml');
    const outlines = ['a', 'b', 'c']
      .map((n) => {
        server.route(`/tty-${n}.xml`, (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          res.end(rss(`TTY ${n}`, [{ guid: `${n}1`, title: `Item ${n}` }]));
        });
        return `<outline type="rss" text="${n}" xmlUrl="${server.urlFor(`/tty-${n}.xml`)}"/>`;
      })
      .join('');
    await writeFile(file, `<opml version="2.0"><body>${outlines}</body></opml>`);
    // script(1) gives the command a pseudo-terminal, as an interactive shell would.
    const { stdout } = await promisify(execFile)(
      'script',
      ['-qec', `"${process.execPath}" "${BIN}" opml import "${file}"`, '/dev/null'],
      { env: { ...env, PATH: process.env.PATH ?? '' } },
    );
    // Each bar redraws its line (CR, erase line) and ends it once, when it is full.
    const ERASE = '\x1b[2K';
    const ended = stdout.split('\n').map((l) => l.slice(l.lastIndexOf('\r', l.length - 2) + 1));
    expect(ended[0]?.startsWith(`${ERASE}Adding `)).toBe(true);
    expect(ended[0]).toMatch(/Adding +\[#{28}\] 3\/3\s*$/);
    expect(ended[1]?.startsWith(`${ERASE}Fetching `)).toBe(true);
    expect(ended[1]).toMatch(/Fetching \[#{28}\] 3\/3\s*$/);
    expect(stdout).toMatch(/Fetching \[#{9}\.{19}\] 1\/3/);
    expect(ended[2]).toMatch(/^3 feeds added/);
    // Without a terminal the same command prints no bar at all.
    const piped = await cli('opml', 'import', file);
    expect(piped.stderr).not.toContain('[#');
  });

  it('asks which feed on a terminal; an answer that is no feed number is a usage error', async () => {
    const asked = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(
        'script',
        [
          '-qec',
          `"${process.execPath}" "${BIN}" source add "${server.urlFor('/home/')}"`,
          '/dev/null',
        ],
        { env: { ...env, PATH: process.env.PATH ?? '' } },
        (error, stdout) => resolve({ code: error ? (error.code as number) : 0, stdout }),
      );
      child.stdin?.end('9\n');
    });
    expect(asked.stdout).toContain('This page offers several feeds:');
    expect(asked.stdout).toContain('Which one? [1-2]');
    expect(asked.stdout).toContain('source: no feed number 9');
    expect(asked.code).toBe(2);
  });
});
