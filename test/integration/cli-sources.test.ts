/**
 * The CLI of a source's page: `source add` without a scheme (https fails on 127.0.0.1, then
 * http works), `source history --json` after fetches, `source set --title --category` (a new
 * category is created, "" takes it out again), and a clear error for a name of spaces.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCheckpoint } from '../helpers/cli.ts';
import { rss } from '../helpers/feeds.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';

describe('checkpoint source history and set --title --category', () => {
  let dir: string;
  let server: FixtureServer;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCheckpoint(args, env);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-cli-sources-'));
    server = await startFixtureServer();
    env = { CHECKPOINT_DATA_DIR: join(dir, 'data'), CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32' };
    server.route('/river.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(
        rss('River Notes', [
          { guid: 'r1', title: 'High water', date: 'Mon, 02 Mar 2026 06:00:00 GMT' },
        ]),
      );
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('adds without a scheme, shows the fetch history, renames and moves', {
    timeout: 120_000,
  }, async () => {
    const added = await cli('source', 'add', `127.0.0.1:${server.port}/river.xml`, '--json');
    expect(added.code, added.stderr).toBe(0);
    const source = json<{ id: number; url: string; created: boolean }>(added);
    expect(source).toMatchObject({
      url: `http://127.0.0.1:${server.port}/river.xml`,
      created: true,
    });

    expect((await cli('fetch', '--source', String(source.id))).code).toBe(0);
    const history = await cli('source', 'history', String(source.id), '--json');
    expect(history.code, history.stderr).toBe(0);
    const runs = json<{ outcome: string; newItems: number; httpStatus: number | null }[]>(history);
    expect(runs.map((r) => [r.outcome, r.newItems, r.httpStatus])).toEqual([['ok', 0, 200]]);

    const set = await cli(
      'source',
      'set',
      String(source.id),
      '--title',
      'River',
      '--category',
      'Local news',
      '--json',
    );
    expect(set.code, set.stderr).toBe(0);
    const moved = json<{ name: string; categoryId: number | null }>(set);
    expect(moved.name).toBe('River');
    expect(moved.categoryId).not.toBeNull();
    const out = await cli('source', 'set', String(source.id), '--category', '', '--json');
    expect(json<{ categoryId: number | null }>(out).categoryId).toBeNull();

    const blank = await cli('source', 'set', String(source.id), '--title', '  ');
    expect(blank.code).not.toBe(0);
    expect(blank.stderr).toContain('a name must be 1 to 300 characters');
    const missing = await cli('source', 'history', '9999');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('no source 9999');
  });
});
