import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/domain/types.ts';
import { needsSetup } from '../../src/services/accounts/accounts.ts';
import { listItemViews } from '../../src/services/items/items.ts';
import { DIALECTS, type TestApp } from '../helpers/db.ts';
import type { RunningHttp } from '../helpers/http-app.ts';
import { type IntakeWorld, startIntakeWorld } from '../helpers/intake-world.ts';

/** A header value that goes on the wire as the UTF-8 bytes of `text`, as curl sends it. */
const utf8Bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

/**
 * Requests as curl and push senders make them, through real HTTP: ntfy's JSON publish at the
 * root, Gotify's /message, UTF-8 and RFC 2047 header values, and programs that reach a web
 * page without a session (answered with JSON, never with a redirect they would follow).
 */
describe.each(DIALECTS)('intake at the root and header text on %s', (dialect) => {
  let t: TestApp;
  let http: RunningHttp;
  let token: string;
  let userId: number;
  let world: IntakeWorld;

  beforeAll(async () => {
    world = await startIntakeWorld(dialect, { label: 'curl' });
    ({ t, http, token, userId } = world);
  });
  afterAll(async () => await world.close());

  const send = (path: string, init: RequestInit = {}) =>
    fetch(`${http.url}${path}`, { redirect: 'manual', ...init });
  const items = async (): Promise<Item[]> => await listItemViews(t.app, userId, { limit: 1000 });
  const newest = async (): Promise<Item> => (await items()).sort((a, b) => b.id - a.id)[0]!;
  const publish = (headers: Record<string, string>) =>
    send('/intake/ntfy/headers', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...headers },
      body: 'body text',
    });

  it('UTF-8 bytes in Title and Tags headers are read as UTF-8', async () => {
    const res = await publish({ Title: utf8Bytes('Über news ✓'), Tags: utf8Bytes('café,🎉') });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ title: 'Über news ✓', tags: ['café', '🎉'] });
    expect(await newest()).toMatchObject({ title: 'Über news ✓' });
  });

  it('RFC 2047 encoded words (B and Q) are decoded; Latin-1 text that is not UTF-8 stays', async () => {
    await publish({ Title: '=?UTF-8?B?w5xiZXIgbmV3cw==?=' });
    expect((await newest()).title).toBe('Über news');
    await publish({ 'X-Title': '=?utf-8?q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=' });
    expect((await newest()).title).toBe('Grüße aus Köln');
    await publish({ Title: 'Caf\u00e9 cr\u00e8me' }); // the bytes E9 and E8: Latin-1
    expect((await newest()).title).toBe('Café crème');
  });

  it('POST / with ntfy JSON and a token is stored like /intake/ntfy, headers filling the gaps', async () => {
    const res = await send('/', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'X-Priority': 'urgent',
        'X-Click': 'https://nas.example/runs/1',
      },
      body: JSON.stringify({ topic: 'root', title: 'Am Stamm', message: 'Von der Wurzel' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      event: 'message',
      topic: 'root',
      title: 'Am Stamm',
      message: 'Von der Wurzel',
      priority: 5,
      click: 'https://nas.example/runs/1',
    });
    expect(await newest()).toMatchObject({
      sourceKind: 'ntfy',
      title: 'Am Stamm',
      priority: 5,
      url: 'https://nas.example/runs/1',
    });
  });

  it('POST /message with a Gotify key is stored like /intake/gotify/message', async () => {
    const res = await send(`/message?token=${token}`, {
      method: 'POST',
      body: new URLSearchParams({ title: 'Form', message: 'gotify form', priority: '8' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ appid: 1, title: 'Form', priority: 8 });
    expect(await newest()).toMatchObject({ sourceKind: 'gotify', title: 'Form', priority: 5 });
  });

  it('POST / with JSON and a bad token, or none: 401 JSON, no redirect, nothing stored', async () => {
    const before = (await items()).length;
    const body = JSON.stringify({ topic: 'lost', message: 'lost?' });
    const attempts: Record<string, string>[] = [
      {
        authorization: 'Bearer cpiNotAValidTokenNotAValidToke',
        'content-type': 'application/json',
      },
      { authorization: `Basic ${Buffer.from('x:wrong').toString('base64')}` },
      { 'content-type': 'application/json' },
    ];
    for (const headers of attempts) {
      const res = await send('/', { method: 'POST', headers, body });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    const gotify = await send('/message', {
      method: 'POST',
      headers: { 'x-gotify-key': 'cpiNotAValidTokenNotAValidToke' },
      body: new URLSearchParams({ message: 'lost?' }),
    });
    expect(gotify.status).toBe(401);
    expect((await items()).length).toBe(before);
  });

  it('a program reaching a web page without a session gets JSON (401/404/405), not a 303', async () => {
    const requests: [string, RequestInit][] = [
      ['/sources', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }],
      ['/sources', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }],
      ['/checkpoint', { headers: { authorization: `Bearer ${token}` } }],
      ['/checkpoint', { headers: { accept: 'application/json' } }],
      ['/checkpoint', {}], // curl: Accept */*, no cookie
      ['/message', { method: 'POST', body: new URLSearchParams({ message: 'no key' }) }],
      ['/items/1', { method: 'DELETE' }],
    ];
    for (const [path, init] of requests) {
      const res = await send(path, init);
      const label = `${init.method ?? 'GET'} ${path} ${JSON.stringify(init.headers ?? {})}`;
      expect([401, 404, 405], label).toContain(res.status);
      expect(res.headers.get('location'), label).toBeNull();
      expect(res.headers.get('content-type'), label).toMatch(/^application\/json/);
    }
  });

  it('a browser without a session is still sent to set-up or login', async () => {
    const page = await send('/checkpoint', { headers: { accept: 'text/html,*/*;q=0.8' } });
    expect(page.status).toBe(303);
    const expected = (await needsSetup(t.app)) ? '/setup' : '/login?next=%2Fcheckpoint';
    expect(page.headers.get('location')).toBe(expected);
    // A session that has just ended: the browser still has our cookie.
    const stale = await send('/checkpoint', { headers: { cookie: 'cp_session=cps_ended' } });
    expect(stale.status).toBe(303);
    const form = await send('/sources', {
      method: 'POST',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'url=https%3A%2F%2Fexample.org%2Ffeed.xml',
    });
    expect(form.status).toBe(303);
  });
});
