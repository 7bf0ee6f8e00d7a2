import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUGGESTED_RULE } from '../../src/domain/rules.ts';
import type { Item } from '../../src/domain/types.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import { addRule } from '../../src/services/checkpoints/rules.ts';
import { createIntakeToken } from '../../src/services/intake/intake-tokens.ts';
import { listItemViews } from '../../src/services/items/items.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { type RunningHttp, serveHttpApp } from '../helpers/http-app.ts';

const basic = (user: string, pass: string) =>
  `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe.each(DIALECTS)('push intake through real HTTP on %s', (dialect) => {
  let t: TestApp;
  let http: RunningHttp;
  let ntfyForward: FixtureServer;
  let token: string;
  let userId: number;

  beforeAll(async () => {
    // A still clock: the per-token rate limit then depends on request counts alone.
    t = await openTestApp(dialect, { clock: new TestClock('2026-03-02T07:00:00Z') });
    http = await serveHttpApp(t.app);
    ntfyForward = await startFixtureServer();
    ntfyForward.route('/breakthroughs', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    userId = (await resolveUser(t.app.db.kysely, undefined)).id;
    token = (await createIntakeToken(t.app, userId, 'phone')).token;
    await addRule(t.app, userId, {
      ...SUGGESTED_RULE,
      perHour: 100,
      deliver: { ntfy: ntfyForward.urlFor('/breakthroughs') },
    });
  });
  afterAll(async () => {
    await http.close();
    await ntfyForward.close();
    await t.cleanup();
  });

  const send = (path: string, init: RequestInit = {}) => fetch(`${http.url}${path}`, init);
  const items = async (): Promise<Item[]> => await listItemViews(t.app, userId, { limit: 1000 });
  const newest = async (): Promise<Item> => (await items()).sort((a, b) => b.id - a.id)[0]!;

  it('tokens are 30 letters and digits, as Pushover clients require', () => {
    expect(token).toMatch(/^cpi[A-Za-z0-9]{27}$/);
  });

  it('ntfy: PUT a body with Title/Priority/Tags/Click headers and a bearer token', async () => {
    const res = await send('/intake/ntfy/backups', {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        Title: 'Backup failed',
        Priority: 'urgent',
        Tags: 'warning,skull',
        Click: 'https://backup.example.org/runs/7',
      },
      body: 'Disk /dev/sda1 is full',
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({
      event: 'message',
      topic: 'backups',
      title: 'Backup failed',
      priority: 5,
      tags: ['warning', 'skull'],
    });
    const item = await newest();
    expect(item).toMatchObject({
      kind: 'notification',
      sourceKind: 'ntfy',
      title: 'Backup failed',
      url: 'https://backup.example.org/runs/7',
      priority: 5,
      wouldPush: true,
    });
    expect(item.contentHtml).toContain('Disk /dev/sda1 is full');
  });

  it('ntfy: header aliases (X-Title, X-Priority, ta) and query aliases (t, p, tag)', async () => {
    await send('/intake/ntfy/alias', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'X-Title': 'From X-Title',
        'X-Priority': '2',
        ta: 'a',
      },
      body: 'one',
    });
    expect(await newest()).toMatchObject({ title: 'From X-Title', priority: 2 });
    await send('/intake/ntfy/alias?t=Query%20title&p=high&tag=b', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: 'two',
    });
    expect(await newest()).toMatchObject({ title: 'Query title', priority: 4 });
  });

  it('ntfy: Basic auth with the token as password or user, and ?auth=', async () => {
    for (const header of [basic('', token), basic('someone', token), basic(token, '')]) {
      const res = await send('/intake/ntfy/basic', {
        method: 'POST',
        headers: { authorization: header },
        body: 'via basic',
      });
      expect(res.status).toBe(200);
    }
    const auth = Buffer.from(`Bearer ${token}`).toString('base64url');
    const res = await send(`/intake/ntfy/basic?auth=${auth}`, {
      method: 'POST',
      body: 'via auth param',
    });
    expect(res.status).toBe(200);
    expect((await newest()).title).toBe('via auth param');
  });

  it('ntfy: GET /publish, /send and /trigger with ?message=', async () => {
    for (const action of ['publish', 'send', 'trigger']) {
      const res = await send(`/intake/ntfy/gets/${action}?message=Hello%20${action}&priority=min`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      expect(await newest()).toMatchObject({ title: `Hello ${action}`, priority: 1 });
    }
  });

  it('ntfy: JSON publish to the root', async () => {
    const res = await send('/intake/ntfy', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        topic: 'json',
        message: 'Door opened',
        title: 'Front door',
        priority: 4,
        tags: ['door'],
        click: 'https://home.example/door',
      }),
    });
    expect(res.status).toBe(200);
    expect(await newest()).toMatchObject({
      title: 'Front door',
      priority: 4,
      url: 'https://home.example/door',
      sourceKind: 'ntfy',
    });
  });

  it('Gotify: JSON with X-Gotify-Key and form with ?token=, priorities 0–10 normalised', async () => {
    const json = await send('/intake/gotify/message', {
      method: 'POST',
      headers: { 'X-Gotify-Key': token, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Gotify JSON',
        message: 'hello',
        priority: 8,
        extras: { 'client::notification': { click: { url: 'https://g.example/x' } } },
      }),
    });
    expect(json.status).toBe(200);
    const answer = (await json.json()) as { id: number; priority: number };
    expect(answer.priority).toBe(8);
    expect(await newest()).toMatchObject({
      id: answer.id,
      title: 'Gotify JSON',
      priority: 5,
      sourceKind: 'gotify',
      url: 'https://g.example/x',
    });
    const form = await send(`/intake/gotify/message?token=${token}`, {
      method: 'POST',
      body: new URLSearchParams({ title: 'Gotify form', message: 'hi', priority: '5' }),
    });
    expect(form.status).toBe(200);
    expect(await newest()).toMatchObject({ title: 'Gotify form', priority: 3 });
  });

  it('Pushover: form or JSON, the token in "token" or "user", answered in Pushover’s shape', async () => {
    const form = await send('/intake/pushover/1/messages.json', {
      method: 'POST',
      body: new URLSearchParams({
        token,
        user: 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG',
        message: 'Water leak',
        title: 'Basement',
        priority: '2',
        url: 'https://home.example/leak',
      }),
    });
    expect(form.status).toBe(200);
    const answer = (await form.json()) as { status: number; request: string };
    expect(answer.status).toBe(1);
    expect(answer.request).toMatch(/^[0-9a-f-]{36}$/);
    expect(await newest()).toMatchObject({
      title: 'Basement',
      priority: 5,
      sourceKind: 'pushover',
      url: 'https://home.example/leak',
    });
    const json = await send('/intake/pushover/1/messages.json', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: 'azGDORePK8gMaC0QOYAMyEEuzJnyUi',
        user: token,
        message: 'Low battery',
        priority: -2,
      }),
    });
    expect(json.status).toBe(200);
    expect(await newest()).toMatchObject({ title: 'Low battery', priority: 1 });
  });

  it('webhooks: Apprise json://, Android forwarders, SMS forwarders, generic JSON, text', async () => {
    const post = (name: string, body: string, type = 'application/json') =>
      send(`/intake/webhook/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        body,
      });
    expect(
      (
        await post(
          'apprise',
          JSON.stringify({ version: '1.0', title: 'Job', message: 'done', type: 'warning' }),
        )
      ).status,
    ).toBe(200);
    expect(await newest()).toMatchObject({ title: 'Job', priority: 4, sourceKind: 'webhook' });
    await post(
      'phone',
      JSON.stringify({
        packageName: 'com.whatsapp',
        appName: 'WhatsApp',
        title: 'Ann',
        text: 'See you at 6',
        priority: 1,
        timestamp: 1767225600000,
      }),
    );
    expect(await newest()).toMatchObject({
      title: 'Ann',
      author: 'WhatsApp',
      priority: 4,
      publishedAt: '2026-01-01T00:00:00.000Z',
    });
    await post(
      'sms',
      JSON.stringify({ from: '+4912345', text: 'Your code is 123456', sentStamp: 1767225600000 }),
    );
    expect(await newest()).toMatchObject({
      kind: 'message',
      title: '+4912345',
      author: '+4912345',
    });
    await post(
      'generic',
      JSON.stringify({
        subject: 'Deploy',
        body: 'v1.2 is live',
        priority: 'high',
        link: 'https://ci.example/1',
      }),
    );
    expect(await newest()).toMatchObject({
      title: 'Deploy',
      priority: 4,
      url: 'https://ci.example/1',
    });
    await post('generic', 'plain words\nsecond line', 'text/plain');
    expect(await newest()).toMatchObject({ title: 'plain words', priority: 3 });
  });

  it('one source per ntfy topic and webhook name, one for Gotify and Pushover', async () => {
    const sources = await t.app.db.kysely
      .selectFrom('sources')
      .select(['kind', 'name', 'url'])
      .where('user_id', '=', userId)
      .orderBy('name')
      .execute();
    expect(sources.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'ntfy: backups',
        'ntfy: alias',
        'Gotify',
        'Pushover',
        'Webhook: phone',
      ]),
    );
    expect(sources.find((s) => s.name === 'ntfy: backups')?.url).toBe('/intake/ntfy/backups');
  });

  it('the suggested urgent rule breaks through for ntfy 5, Pushover 2 and Gotify ≥ 8 only', async () => {
    const events = await t.app.db.kysely
      .selectFrom('ledger_events')
      .select(['item_id'])
      .where('type', '=', 'breakthrough')
      .where('user_id', '=', userId)
      .execute();
    const broke = new Set(events.map((e) => e.item_id));
    const all = await items();
    const urgent = all.filter((i) => i.priority === 5).map((i) => i.id);
    expect(urgent.length).toBe(3); // ntfy urgent, Gotify 8, Pushover 2
    expect([...broke].sort()).toEqual([...urgent].sort());
    expect(ntfyForward.hits('/breakthroughs')).toBe(3);
  });
});
