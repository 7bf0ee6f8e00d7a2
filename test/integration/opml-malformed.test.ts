/**
 * Input that is not an OPML subscription list is refused with a reason (issue "Hardening" 7),
 * through the API (400) and the CLI (exit 1), instead of "added 0, no errors"; a real list
 * without feeds still imports as nothing, and a truncated export still gives what it shows.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import { runCheckpoint } from '../helpers/cli.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { type RunningHttp, serveHttpApp } from '../helpers/http-app.ts';

const NOT_OPML = {
  'plain text': 'hello, this is not a subscription list',
  'a web page':
    '<!doctype html><html><head><title>Blog</title></head><body><p>Hi</p></body></html>',
  'an RSS feed':
    '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
  'binary garbage': '\u0000\u0001\u0002PK\u0003\u0004',
};

describe.each(DIALECTS)('OPML that is not OPML, on %s', (dialect) => {
  let t: TestApp;
  let http: RunningHttp;
  let token: string;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    http = await serveHttpApp(t.app);
    const user = await resolveUser(t.app.db.kysely, undefined);
    token = (await createApiToken(t.app.db.kysely, t.app.clock, user.id, 'opml')).token;
  });
  afterAll(async () => {
    await http.close();
    await t.cleanup();
  });

  const post = (body: string) =>
    fetch(`${http.url}/api/v1/opml`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/x-opml' },
      body,
    });

  it.each(Object.entries(NOT_OPML))('%s is a 400 that says what is wrong', async (_name, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const error = ((await res.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('opml: this is not an OPML subscription list');
  });

  it('an OPML list without feeds imports nothing, without an error', async () => {
    const res = await post('<opml version="2.0"><head><title>Empty</title></head><body/></opml>');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ added: 0, skipped: 0, errors: [] });
  });

  it('a truncated export (outlines without the <opml> start) still gives what it shows', async () => {
    const res = await post('<outline type="rss" text="A" xmlUrl="http://127.0.0.1:9/a.xml"/>');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { added: number }).added).toBe(1);
  });
});

describe('checkpoint opml import of a file that is not OPML', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-opml-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 1 with the reason on one line', async () => {
    const file = join(dir, 'page.html');
    await writeFile(file, NOT_OPML['a web page']);
    const result = await runCheckpoint(['opml', 'import', file], {
      CHECKPOINT_DATA_DIR: join(dir, 'data'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('opml: this is not an OPML subscription list');
  });
});
