/**
 * Ownership and session security of the web app, against the real server:
 * - a second user walks every UI route (GETs and POST actions) with the first user's item,
 *   source, rule, checkpoint, token, import, address and intake-token ids and gets 404/403
 *   (the Sources tabs for newsletters, social and imports included), and the first user's rows
 *   are unchanged afterwards (the walk is checked against the router's own route list);
 * - CSRF: a POST without the token, or from another origin (a real cross-site form in
 *   Chromium too), is refused with 403 and changes nothing;
 * - the session cookie is HttpOnly and SameSite=Lax (and Secure behind https);
 * - login is rate-limited (the 6th failure answers 429); "log out everywhere" ends every session.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { completeSetup } from '../../src/services/accounts/accounts.ts';
import { createIntakeToken } from '../../src/services/intake/intake-tokens.ts';
import { createMailAddress } from '../../src/services/mail/mail-addresses.ts';
import { setBridge } from '../../src/services/sources/bridges.ts';
import { subscribe } from '../../src/services/sources/sources.ts';
import { openTestApp } from '../helpers/db.ts';
import {
  ADMIN_EMAIL,
  type E2e,
  FIRST_DUE,
  HttpSession,
  PASSWORD,
  startE2e,
} from '../helpers/e2e.ts';

const BOB = 'bob@example.org';

interface Ids {
  item: number;
  source: number;
  rule: number;
  checkpoint: number;
  token: number;
  job: string;
  address: number;
  intakeToken: number;
  importJob: string;
}

/** A small WhatsApp chat export, as the Imports tab uploads it. */
function chatUpload(who: string): FormData {
  const form = new FormData();
  form.set(
    'file',
    new Blob([`31/12/2023, 22:59 - ${who}: Happy new year soon, from ${who}!\n`], {
      type: 'text/plain',
    }),
    `WhatsApp Chat with ${who}.txt`,
  );
  form.set('tz', 'Europe/Amsterdam');
  return form;
}

/** One request of the walk and the statuses it may answer. */
interface Step {
  route: string;
  method: 'GET' | 'POST';
  path: string;
  form?: Record<string, string>;
  json?: unknown;
  multipart?: FormData;
  headers?: Record<string, string>;
  expect: number[];
}

const NOT_FOUND = [404];
const OK = [200];
const REDIRECT = [303];

describe('ownership and session security', () => {
  let e: E2e;
  let ada: HttpSession;
  let bob: HttpSession;
  let ids: Ids;

  /** Everything of the first user a stray request could change. */
  async function adaSnapshot(): Promise<unknown> {
    const db = e.app.db.kysely;
    const user = await e.user(ADMIN_EMAIL);
    const mine = <
      T extends
        | 'items'
        | 'sources'
        | 'rules'
        | 'checkpoints'
        | 'api_tokens'
        | 'schedules'
        | 'push_subscriptions'
        | 'categories'
        | 'mail_addresses'
        | 'intake_tokens'
        | 'unsubscribes',
    >(
      table: T,
    ) =>
      db
        .selectFrom(table as 'items')
        .selectAll()
        .where('user_id', '=', user.id)
        .orderBy('id' as 'items.id')
        .execute();
    return {
      user: { ...user },
      items: await mine('items'),
      sources: await mine('sources'),
      rules: await mine('rules'),
      checkpoints: await mine('checkpoints'),
      tokens: await mine('api_tokens'),
      schedules: await db
        .selectFrom('schedules')
        .selectAll()
        .where('user_id', '=', user.id)
        .execute(),
      push: await mine('push_subscriptions'),
      addresses: await mine('mail_addresses'),
      intakeTokens: await mine('intake_tokens'),
      unsubscribes: await mine('unsubscribes'),
      sessions: (
        await db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()
      ).length,
      invites: (await db.selectFrom('invites').select('id').execute()).length,
      ledger: (
        await db.selectFrom('ledger_events').select('id').where('user_id', '=', user.id).execute()
      ).length,
    };
  }

  beforeAll(async () => {
    e = await startE2e({ env: { CHECKPOINT_MAIL_DOMAIN: 'in.checkpoint.test' } });
    const user = await e.setupAndLogin();
    await subscribe(e.app, user.id, e.site.urlFor('/blog/feed.xml'));
    await e.buildAt(FIRST_DUE);
    await e.addUser(BOB);

    ada = new HttpSession(e.url);
    expect((await ada.login(ADMIN_EMAIL)).status).toBe(303);
    bob = new HttpSession(e.url);
    expect((await bob.login(BOB)).status).toBe(303);

    // Ada's things: a token, an OPML import job, a rule (the suggested one exists already).
    expect((await ada.post('/settings/tokens', { label: 'ada token' })).status).toBe(303);
    const opml = new FormData();
    opml.set(
      'file',
      new Blob(
        [
          `<opml version="2.0"><body><outline type="rss" text="Two" xmlUrl="${e.site.urlFor('/two/news.xml')}"/></body></opml>`,
        ],
        { type: 'text/x-opml' },
      ),
      'a.opml',
    );
    const started = await ada.request('POST', '/sources/opml', {
      multipart: opml,
      headers: { accept: 'application/json' },
    });
    expect(started.status).toBe(200);
    const { job } = (await started.json()) as { job: string };
    await vi.waitFor(async () => {
      const progress = (await (await ada.get(`/sources/opml/${job}`)).json()) as {
        finished: boolean;
      };
      if (!progress.finished) throw new Error('opml: still importing');
    });

    // Ada's newsletter address, intake token, bridge and an imported chat (a finished job).
    const address = await createMailAddress(e.app, user.id, { label: 'ada letters' });
    const intake = await createIntakeToken(e.app, user.id, 'ada intake');
    await setBridge(e.app, user.id, 'https://rsshub.ada.example');
    const imported = await ada.request('POST', '/sources/imports', {
      multipart: chatUpload('Ann'),
      headers: { accept: 'application/json' },
    });
    expect(imported.status).toBe(200);
    const importJob = ((await imported.json()) as { job: string }).job;
    await vi.waitFor(async () => {
      const progress = (await (await ada.get(`/sources/imports/${importJob}`)).json()) as {
        finished: boolean;
      };
      if (!progress.finished) throw new Error('import: still importing');
    });

    const db = e.app.db.kysely;
    const one = async (table: 'items' | 'sources' | 'rules' | 'checkpoints' | 'api_tokens') =>
      (
        await db
          .selectFrom(table as 'items')
          .select('id')
          .where('user_id', '=', user.id)
          .orderBy('id')
          .executeTakeFirstOrThrow()
      ).id;
    ids = {
      item: await one('items'),
      source: await one('sources'),
      rule: await one('rules'),
      checkpoint: await one('checkpoints'),
      token: await one('api_tokens'),
      job,
      address: address.id,
      intakeToken: intake.view.id,
      importJob,
    };
  });
  afterAll(async () => {
    await e?.close();
  });

  it('a second user gets 404/403 on every route with the first user’s ids, and changes nothing of theirs', async () => {
    const before = await adaSnapshot();
    const flagSteps = (flag: string): Step[] => [
      {
        route: 'POST /items/:id{[0-9]+}/:flag{starred|dismissed|read}',
        method: 'POST',
        path: `/items/${ids.item}/${flag}`,
        form: { value: '1' },
        expect: NOT_FOUND,
      },
      {
        route: 'POST /items/:id{[0-9]+}/:flag{starred|dismissed|read}',
        method: 'POST',
        path: `/items/${ids.item}/${flag}`,
        form: { value: '0' },
        headers: { accept: 'application/json' },
        expect: NOT_FOUND,
      },
    ];
    const keys = {
      p256dh: createECDH('prime256v1').generateKeys().toString('base64url'),
      auth: randomBytes(16).toString('base64url'),
    };
    const bobOpml = new FormData();
    bobOpml.set(
      'file',
      new Blob(['<opml version="2.0"><body></body></opml>'], { type: 'text/x-opml' }),
      'b.opml',
    );
    const steps: Step[] = [
      // Routes that take an id: Ada's ids find nothing for Bob.
      {
        route: 'GET /items/:id{[0-9]+}',
        method: 'GET',
        path: `/items/${ids.item}`,
        expect: NOT_FOUND,
      },
      {
        route: 'GET /items/:id{[0-9]+}',
        method: 'GET',
        path: `/items/${ids.item}?full=1`,
        expect: NOT_FOUND,
      },
      ...flagSteps('starred'),
      ...flagSteps('dismissed'),
      ...flagSteps('read'),
      {
        route: 'GET /checkpoint',
        method: 'GET',
        path: `/checkpoint?id=${ids.checkpoint}`,
        expect: NOT_FOUND,
      },
      {
        route: 'POST /checkpoint/:id/done',
        method: 'POST',
        path: `/checkpoint/${ids.checkpoint}/done`,
        expect: NOT_FOUND,
      },
      {
        route: 'POST /checkpoint/:id/undo',
        method: 'POST',
        path: `/checkpoint/${ids.checkpoint}/undo`,
        expect: NOT_FOUND,
      },
      {
        route: 'GET /sources/opml/:job',
        method: 'GET',
        path: `/sources/opml/${ids.job}`,
        expect: NOT_FOUND,
      },
      {
        route: 'GET /sources/:id{[0-9]+}',
        method: 'GET',
        path: `/sources/${ids.source}`,
        expect: NOT_FOUND,
      },
      {
        route: 'POST /sources/:id{[0-9]+}/place',
        method: 'POST',
        path: `/sources/${ids.source}/place`,
        form: { name: 'Taken over', category: 'Mine now' },
        expect: NOT_FOUND,
      },
      {
        route: 'POST /sources/:id{[0-9]+}',
        method: 'POST',
        path: `/sources/${ids.source}`,
        form: { cadence: 'daily', weight: '9' },
        expect: NOT_FOUND,
      },
      {
        route: 'POST /sources/:id{[0-9]+}/toggle',
        method: 'POST',
        path: `/sources/${ids.source}/toggle`,
        expect: NOT_FOUND,
      },
      {
        route: 'POST /sources/:id{[0-9]+}/fetch',
        method: 'POST',
        path: `/sources/${ids.source}/fetch`,
        expect: NOT_FOUND,
      },
      {
        route: 'POST /sources/:id{[0-9]+}/remove',
        method: 'POST',
        path: `/sources/${ids.source}/remove`,
        expect: NOT_FOUND,
      },
      {
        route: 'POST /rules/:id{[0-9]+}/toggle',
        method: 'POST',
        path: `/rules/${ids.rule}/toggle`,
        expect: NOT_FOUND,
      },
      {
        route: 'POST /rules/:id{[0-9]+}/remove',
        method: 'POST',
        path: `/rules/${ids.rule}/remove`,
        expect: NOT_FOUND,
      },
      {
        route: 'GET /rules/:id{[0-9]+}/edit',
        method: 'GET',
        path: `/rules/${ids.rule}/edit`,
        expect: NOT_FOUND,
      },
      {
        route: 'POST /rules/:id{[0-9]+}/edit',
        method: 'POST',
        path: `/rules/${ids.rule}/edit`,
        form: { name: 'Taken', field0: 'title', op0: 'contains', value0: 'x', action: 'mute' },
        expect: NOT_FOUND,
      },
      {
        route: 'POST /rules/:id{[0-9]+}/undo',
        method: 'POST',
        path: `/rules/${ids.rule}/undo`,
        expect: NOT_FOUND,
      },
      {
        route: 'POST /settings/tokens/:id{[0-9]+}/revoke',
        method: 'POST',
        path: `/settings/tokens/${ids.token}/revoke`,
        expect: NOT_FOUND,
      },
      {
        route: 'POST /sources/newsletters/imap/:id{[0-9]+}',
        method: 'POST',
        path: `/sources/newsletters/imap/${ids.source}`,
        form: { folder: 'Archive', senders: 'bob@example.org' },
        expect: NOT_FOUND,
      },
      {
        route: 'POST /sources/newsletters/addresses/:id{[0-9]+}',
        method: 'POST',
        path: `/sources/newsletters/addresses/${ids.address}`,
        form: { label: 'taken by bob', remoteImages: 'show' },
        expect: NOT_FOUND,
      },
      {
        route: 'POST /sources/newsletters/addresses/:id{[0-9]+}/remove',
        method: 'POST',
        path: `/sources/newsletters/addresses/${ids.address}/remove`,
        expect: NOT_FOUND,
      },
      {
        route: 'POST /sources/newsletters/unsubscribe/:item{[0-9]+}',
        method: 'POST',
        path: `/sources/newsletters/unsubscribe/${ids.item}`,
        expect: NOT_FOUND,
      },
      {
        route: 'POST /sources/social/tokens/:id{[0-9]+}/revoke',
        method: 'POST',
        path: `/sources/social/tokens/${ids.intakeToken}/revoke`,
        expect: NOT_FOUND,
      },
      {
        route: 'GET /sources/imports/:job',
        method: 'GET',
        path: `/sources/imports/${ids.importJob}`,
        expect: NOT_FOUND,
      },
      // Admin pages: Bob is a member.
      { route: 'GET /admin/users', method: 'GET', path: '/admin/users', expect: [403] },
      {
        route: 'POST /admin/invites',
        method: 'POST',
        path: '/admin/invites',
        form: { role: 'admin' },
        expect: [403],
      },
      // Everything else acts on Bob's own data (checked below: none of Ada's shows, none changes).
      { route: 'GET /', method: 'GET', path: '/', expect: [302] },
      { route: 'GET /checkpoint', method: 'GET', path: '/checkpoint', expect: OK },
      { route: 'POST /pull', method: 'POST', path: '/pull', expect: OK },
      { route: 'GET /later', method: 'GET', path: '/later', expect: OK },
      { route: 'POST /checkpoint/first', method: 'POST', path: '/checkpoint/first', expect: [303] },
      {
        route: 'POST /later/dismiss-older',
        method: 'POST',
        path: '/later/dismiss-older',
        form: { older: 'week' },
        expect: [303],
      },
      {
        route: 'POST /later/start-fresh',
        method: 'POST',
        path: '/later/start-fresh',
        expect: [303],
      },
      {
        route: 'POST /later/undo',
        method: 'POST',
        path: '/later/undo',
        form: { batch: '1' },
        expect: [303],
      },
      { route: 'GET /starred', method: 'GET', path: '/starred', expect: OK },
      { route: 'GET /search', method: 'GET', path: '/search?q=harbour', expect: OK },
      { route: 'GET /sources', method: 'GET', path: '/sources', expect: OK },
      {
        route: 'POST /sources',
        method: 'POST',
        path: '/sources',
        form: { url: e.site.urlFor('/evening/feed.xml') },
        expect: REDIRECT,
      },
      {
        route: 'GET /sources/export.opml',
        method: 'GET',
        path: '/sources/export.opml',
        expect: OK,
      },
      {
        route: 'POST /sources/opml',
        method: 'POST',
        path: '/sources/opml',
        multipart: bobOpml,
        headers: { accept: 'application/json' },
        expect: OK,
      },
      {
        route: 'GET /sources/newsletters',
        method: 'GET',
        path: '/sources/newsletters',
        expect: OK,
      },
      {
        route: 'POST /sources/newsletters/test',
        method: 'POST',
        path: '/sources/newsletters/test',
        form: { host: '127.0.0.1', port: '1', tls: 'none', user: 'bob', password: 'x' },
        expect: [422],
      },
      {
        route: 'POST /sources/newsletters/imap',
        method: 'POST',
        path: '/sources/newsletters/imap',
        form: { host: '127.0.0.1', port: '1', tls: 'none', user: 'bob', password: 'x' },
        expect: [422],
      },
      {
        route: 'POST /sources/newsletters/addresses',
        method: 'POST',
        path: '/sources/newsletters/addresses',
        form: { label: 'bob letters' },
        expect: REDIRECT,
      },
      { route: 'GET /sources/social', method: 'GET', path: '/sources/social', expect: OK },
      {
        route: 'POST /sources/social/mastodon',
        method: 'POST',
        path: '/sources/social/mastodon',
        form: { instance: 'not an instance' },
        expect: [422],
      },
      {
        route: 'POST /sources/social/mastodon/token',
        method: 'POST',
        path: '/sources/social/mastodon/token',
        form: { instance: e.site.url, token: 'not a token' },
        expect: [422],
      },
      {
        route: 'POST /sources/social/bluesky',
        method: 'POST',
        path: '/sources/social/bluesky',
        form: { handle: '', password: '' },
        expect: [422],
      },
      {
        route: 'POST /sources/social/tokens',
        method: 'POST',
        path: '/sources/social/tokens',
        form: { label: 'bob intake' },
        expect: REDIRECT,
      },
      {
        route: 'POST /sources/social/bridge',
        method: 'POST',
        path: '/sources/social/bridge',
        form: { url: e.site.urlFor('/bob-bridge') },
        expect: REDIRECT,
      },
      {
        route: 'POST /sources/social/follow',
        method: 'POST',
        path: '/sources/social/follow',
        form: { platform: 'x', account: 'nasa' },
        expect: [422],
      },
      { route: 'GET /sources/imports', method: 'GET', path: '/sources/imports', expect: OK },
      {
        route: 'POST /sources/imports',
        method: 'POST',
        path: '/sources/imports',
        multipart: chatUpload('Bea'),
        headers: { accept: 'application/json' },
        expect: OK,
      },
      { route: 'GET /rules', method: 'GET', path: '/rules', expect: OK },
      {
        route: 'POST /rules/preview',
        method: 'POST',
        path: '/rules/preview',
        form: { name: 'x', field0: 'title', op0: 'contains', value0: 'harbour', action: 'mute' },
        expect: OK,
      },
      {
        route: 'POST /rules',
        method: 'POST',
        path: '/rules',
        form: {
          name: 'Bob’s rule',
          field0: 'title',
          op0: 'contains',
          value0: 'harbour',
          action: 'mute',
        },
        // Saved: redirected to the list with "Applied to N held items · Undo".
        expect: REDIRECT,
      },
      { route: 'GET /schedule', method: 'GET', path: '/schedule', expect: OK },
      {
        route: 'POST /schedule',
        method: 'POST',
        path: '/schedule',
        form: { 'times-mon': '09:00', tz: 'UTC', budget: '10', perSource: '2' },
        expect: REDIRECT,
      },
      {
        route: 'POST /push/subscribe',
        method: 'POST',
        path: '/push/subscribe',
        json: { endpoint: 'https://push.example/bob', keys },
        expect: OK,
      },
      { route: 'GET /ledger', method: 'GET', path: '/ledger', expect: OK },
      {
        route: 'GET /ledger/day',
        method: 'GET',
        path: '/ledger/day?date=2026-03-02',
        expect: OK,
      },
      {
        route: 'GET /breakthrough-channel',
        method: 'GET',
        path: `/breakthrough-channel?rule=${ids.rule}`,
        expect: OK,
      },
      {
        route: 'POST /breakthrough-channel',
        method: 'POST',
        path: '/breakthrough-channel',
        form: { rule: String(ids.rule), channel: 'ntfy', ntfy: 'https://ntfy.example/bob' },
        expect: NOT_FOUND,
      },
      {
        route: 'POST /channels/test',
        method: 'POST',
        path: '/channels/test',
        form: { channel: 'notices' },
        expect: OK,
      },
      {
        route: 'POST /breakthroughs/undelivered/dismiss',
        method: 'POST',
        path: '/breakthroughs/undelivered/dismiss',
        expect: REDIRECT,
      },
      { route: 'GET /settings', method: 'GET', path: '/settings', expect: OK },
      {
        route: 'POST /settings/profile',
        method: 'POST',
        path: '/settings/profile',
        form: { locale: 'nl', tz: 'UTC', images: 'on' },
        expect: REDIRECT,
      },
      {
        route: 'POST /settings/password',
        method: 'POST',
        path: '/settings/password',
        form: { current: 'not my password', next: 'another long password' },
        expect: [422],
      },
      {
        route: 'POST /settings/tokens',
        method: 'POST',
        path: '/settings/tokens',
        form: { label: 'bob token' },
        expect: REDIRECT,
      },
      {
        route: 'GET /img',
        method: 'GET',
        path: `/img?u=${encodeURIComponent(e.site.urlFor('/images/bridge.png'))}&s=forged`,
        expect: [400],
      },
      // Pages without a session: set-up cannot be repeated, a made-up invite finds nothing.
      { route: 'GET /setup', method: 'GET', path: '/setup', expect: REDIRECT },
      {
        route: 'POST /setup',
        method: 'POST',
        path: '/setup',
        form: {
          email: 'mallory@example.org',
          password: 'a new admin password',
          tz: 'UTC',
          locale: 'en',
        },
        expect: REDIRECT,
      },
      { route: 'GET /invite/:token', method: 'GET', path: '/invite/inv_madeup', expect: NOT_FOUND },
      {
        route: 'POST /invite/:token',
        method: 'POST',
        path: '/invite/inv_madeup',
        form: {
          email: 'mallory@example.org',
          password: 'a long password!',
          tz: 'UTC',
          locale: 'en',
        },
        expect: [422],
      },
      { route: 'GET /login', method: 'GET', path: '/login', expect: OK },
      {
        route: 'POST /login',
        method: 'POST',
        path: '/login',
        form: { email: ADMIN_EMAIL, password: 'guessing wrong' },
        expect: [422],
      },
    ];
    // A form's address opened with GET shows the page it belongs to (form-addresses.ts): Bob's
    // own page, or 403 for the admin's.
    const routes = createHttpApp(e.app).routes;
    const posted = new Set(routes.filter((r) => r.method === 'POST').map((r) => r.path));
    for (const r of routes)
      if (
        r.method === 'GET' &&
        posted.has(r.path) &&
        !/^\/(api|intake|feeds|oauth)(\/|$)/.test(r.path) &&
        !r.path.includes(':') &&
        !steps.some((step) => step.route === `GET ${r.path}`)
      )
        steps.push({
          route: `GET ${r.path}`,
          method: 'GET',
          path: r.path,
          expect: r.path.startsWith('/admin/') ? [403] : OK,
        });
    // Served by other parts, or ending Bob's session: covered elsewhere in this file.
    const elsewhere = [
      'GET /healthz',
      'GET /assets/style.*',
      'GET /assets/app.*',
      'GET /sw.js',
      'GET /manifest.webmanifest',
      'GET /icon.svg',
      'POST /logout',
      'POST /settings/logout-everywhere',
    ];
    const uiRoutes = createHttpApp(e.app)
      .routes.filter((r) => r.method !== 'ALL' && !/^\/(api|intake|feeds|oauth)(\/|$)/.test(r.path))
      .map((r) => `${r.method} ${r.path}`);
    const walked = new Set([...steps.map((s) => s.route), ...elsewhere]);
    expect(
      [...new Set(uiRoutes)].filter((route) => !walked.has(route)),
      'a UI route is missing from the ownership walk in test/e2e/security.test.ts: add it',
    ).toEqual([]);

    const adaMarks = [
      'ada letters',
      'ada intake',
      'rsshub.ada.example',
      // Ada's chat (Bob imports one of his own, from Bea).
      'Happy new year soon, from Ann',
      'Harbour Town Journal',
      'Harbour bridge reopens',
      'ada token',
      'Urgent pushes break through',
      ADMIN_EMAIL,
    ];
    for (const step of steps) {
      const response = await bob.request(step.method, step.path, {
        form: step.form,
        json: step.json,
        multipart: step.multipart,
        headers: step.headers,
      });
      expect(step.expect, `${step.method} ${step.path}`).toContain(response.status);
      const body = await response.text();
      if (step.method === 'GET' && response.status === 200 && !step.path.startsWith('/login')) {
        for (const mark of adaMarks)
          expect(body, `${step.path} shows “${mark}”`).not.toContain(mark);
      }
    }
    expect(await adaSnapshot()).toEqual(before);
    expect(await e.user('mallory@example.org')).toBeUndefined();
  });

  it('CSRF: a POST without the form token, or from another origin, is refused and changes nothing', async () => {
    const starred = async () =>
      (
        await e.app.db.kysely
          .selectFrom('items')
          .select('starred_at')
          .where('id', '=', ids.item)
          .executeTakeFirstOrThrow()
      ).starred_at;
    expect(await starred()).toBeNull();
    expect(
      (await ada.post(`/items/${ids.item}/starred`, { value: '1' }, { csrf: false })).status,
    ).toBe(403);
    expect(
      (
        await ada.post(
          `/items/${ids.item}/starred`,
          { value: '1', _csrf: 'csrf_forged' },
          { csrf: false },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await ada.post(
          `/items/${ids.item}/starred`,
          { value: '1' },
          { origin: 'https://evil.example' },
        )
      ).status,
    ).toBe(403);
    expect(
      (await ada.post(`/settings/tokens/${ids.token}/revoke`, {}, { csrf: false })).status,
    ).toBe(403);
    expect(
      (
        await ada.request('POST', '/push/subscribe', {
          json: { endpoint: 'https://push.example/x' },
          csrf: false,
        })
      ).status,
    ).toBe(403);
    expect(await starred()).toBeNull();
    expect(
      await e.app.db.kysely
        .selectFrom('api_tokens')
        .select('id')
        .where('id', '=', ids.token)
        .executeTakeFirst(),
    ).toBeDefined();
    // With the token and our own origin the same request works.
    expect((await ada.post(`/items/${ids.item}/starred`, { value: '1' })).status).toBe(303);
    expect(await starred()).not.toBeNull();
    expect((await ada.post(`/items/${ids.item}/starred`, { value: '0' })).status).toBe(303);
  });

  it('CSRF in Chromium: a form on another site posting into the app is refused', async () => {
    const { page } = e;
    e.site.route('/csrf.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><form method="post" action="${e.url}/items/${ids.item}/dismissed"><input name="value" value="1"></form><script>document.forms[0].submit()</script>`,
      );
    });
    const answered = page.waitForResponse(
      (r) => r.url() === `${e.url}/items/${ids.item}/dismissed`,
    );
    await page.goto(e.site.urlFor('/csrf.html'));
    expect((await answered).status()).toBe(403);
    const item = await e.app.db.kysely
      .selectFrom('items')
      .select('dismissed_at')
      .where('id', '=', ids.item)
      .executeTakeFirstOrThrow();
    expect(item.dismissed_at).toBeNull();
    // The cookie was sent (same site, another port): the token and the Origin check refused it.
    await e.goto('/checkpoint');
    expect(new URL(page.url()).pathname).toBe('/checkpoint');
  });

  it('the session cookie is HttpOnly, SameSite=Lax, for the whole site, and Secure behind https', async () => {
    const flags = ada.setCookie.split(';').map((part) => part.trim().toLowerCase());
    expect(flags[0]).toMatch(/^cp_session=cps_/);
    expect(flags).toEqual(
      expect.arrayContaining(['httponly', 'samesite=lax', 'path=/', `max-age=${30 * 86_400}`]),
    );
    expect(flags).not.toContain('secure');
    expect(await e.page.evaluate(() => document.cookie)).not.toContain('cp_session');
    const cookies = await e.browser.context.cookies(e.url);
    expect(cookies.find((c) => c.name === 'cp_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
    });

    const https = await openTestApp('sqlite', {
      env: { CHECKPOINT_BASE_URL: 'https://checkpoint.example' },
    });
    try {
      await completeSetup(https.app, {
        email: ADMIN_EMAIL,
        password: PASSWORD,
        tz: 'UTC',
        locale: 'en',
        suggestedRule: false,
      });
      const http = createHttpApp(https.app);
      // The login form's pre-session cookie is Secure too.
      const form = await http.request('https://checkpoint.example/login');
      const pre = (form.headers.get('set-cookie') ?? '').split(';').map((p) => p.trim());
      expect(pre[0]).toMatch(/^cp_csrf=cpc_/);
      expect(pre.map((p) => p.toLowerCase())).toEqual(
        expect.arrayContaining(['httponly', 'samesite=lax', 'path=/', 'secure']),
      );
      const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
      const response = await http.request('https://checkpoint.example/login', {
        method: 'POST',
        headers: {
          origin: 'https://checkpoint.example',
          cookie: pre[0]!,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          email: ADMIN_EMAIL,
          password: PASSWORD,
          _csrf: token,
        }).toString(),
      });
      expect(response.status).toBe(303);
      const secure = (response.headers.get('set-cookie') ?? '')
        .split(';')
        .map((part) => part.trim().toLowerCase());
      expect(secure).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'secure']));
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
    } finally {
      await https.cleanup();
    }
  });

  it('login is rate-limited: the 6th failed attempt answers 429, even with the right password', async () => {
    await e.addUser('carol@example.org');
    const carol = new HttpSession(e.url);
    for (let i = 1; i <= 5; i++) {
      const response = await carol.login('carol@example.org', `wrong guess ${i}`);
      expect(response.status, `attempt ${i}`).toBe(422);
      expect(await response.text()).toContain('Wrong e-mail address or password.');
    }
    const sixth = await carol.login('carol@example.org', 'wrong guess 6');
    expect(sixth.status).toBe(429);
    expect(await sixth.text()).toContain('Too many failed attempts.');
    expect((await carol.login('carol@example.org', PASSWORD)).status).toBe(429);
    // Fifteen minutes later (by the app's clock) the right password works again.
    e.clock.advance(15 * 60_000 + 1);
    expect((await carol.login('carol@example.org', PASSWORD)).status).toBe(303);
  });

  it('"log out everywhere" ends every session of the user, and only theirs', async () => {
    const other = new HttpSession(e.url);
    expect((await other.login(ADMIN_EMAIL)).status).toBe(303);
    const user = await e.user(ADMIN_EMAIL);
    const sessions = () =>
      e.app.db.kysely.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    expect((await sessions()).length).toBeGreaterThanOrEqual(3); // browser, ada, other
    const out = await ada.post('/settings/logout-everywhere');
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/login');
    expect(await sessions()).toEqual([]);
    const later = await other.get('/checkpoint');
    expect(later.status).toBe(303);
    expect(later.headers.get('location')).toBe('/login?next=%2Fcheckpoint');
    await e.goto('/checkpoint');
    expect(new URL(e.page.url()).pathname).toBe('/login');
    // Bob is still logged in.
    expect((await bob.get('/checkpoint')).status).toBe(200);
    // And POST /logout ends just the one session it is sent with.
    expect((await bob.post('/logout')).status).toBe(303);
    expect((await bob.get('/checkpoint')).status).toBe(303);
  });
});
