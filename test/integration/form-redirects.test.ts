/**
 * Post/redirect/get over every form of the web app, found from the app's own routes (as the
 * authorisation matrix finds them): a form that succeeds answers 303 to its page, so the
 * address bar never keeps a form's address; a form that fails shows its page with the error
 * (422); and opening a form's address with GET always shows a page (a redirect to it, or a
 * page saying the address is a form's) — never the JSON 404 of an unknown address. What a
 * redirected form has to say (a notice, a token shown once) arrives on the next page, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { listSourceViews } from '../../src/services/sources/sources.ts';
import { type AuthzWorld, startAuthzWorld } from '../helpers/authz-world.ts';
import { type HttpSession, PASSWORD } from '../helpers/e2e.ts';
import { appRoutes, fillPath, type Route } from '../helpers/route-inventory.ts';

const NOT_UI = /^\/(api|intake|feeds|oauth)(\/|$)|^\/(setup|login|invite)/;

/**
 * Forms whose success is not a redirect, and why. Each still answers GET with a page.
 */
const NOT_REDIRECTED: Record<string, string> = {
  'POST /pull': 'the answer is what arrived, ranked: pulling records a pull, a GET must not',
  'POST /rules/preview': 'JSON for the page script; saves nothing',
  'POST /push/subscribe': 'JSON for the page script',
  'POST /sources/newsletters/test': 'shows the connection test’s result; saves nothing',
  'POST /channels/test': 'JSON for the page script: the result of a test message',
  'POST /sources/social/mastodon':
    'links on to the instance (CSP form-action forbids redirecting a form to another site)',
};

/**
 * Forms that need a server elsewhere to succeed (IMAP, Mastodon, Bluesky, a bridge): here they
 * fail, which must show their page with the error (422, the form as typed) under their address.
 */
const FAIL_HERE = new Set([
  'POST /sources/newsletters/imap',
  'POST /sources/social/mastodon/token',
  'POST /sources/social/bluesky',
  'POST /sources/social/follow',
]);

describe('forms of the web app: post, redirect, get', () => {
  let w: AuthzWorld;
  let forms: Route[];
  let bodies: Record<string, Record<string, string>>;
  const name = (r: Route) => `${r.method} ${r.path}`;
  const fill = (r: Route) =>
    fillPath(r.path, (param) => {
      const owned = w.owned;
      if (r.path.startsWith('/sources/newsletters/imap')) return String(owned.imapSource);
      if (r.path.startsWith('/sources/newsletters/addresses')) return String(owned.address);
      if (r.path.startsWith('/sources/newsletters/unsubscribe')) return String(owned.mailItem);
      if (r.path.startsWith('/sources/social/tokens')) return String(owned.intakeToken);
      if (r.path.startsWith('/sources/')) return String(owned.feedSource);
      if (r.path.startsWith('/rules/')) return String(owned.rule);
      if (r.path.startsWith('/settings/tokens')) return String(owned.apiToken);
      if (r.path.startsWith('/checkpoint/')) return String(owned.checkpoint);
      if (r.path.startsWith('/items/') && param === 'id') return String(owned.item);
      return null;
    })!;

  beforeAll(async () => {
    w = await startAuthzWorld('sqlite');
    forms = appRoutes(createHttpApp(w.test.app)).filter(
      (r) => r.method === 'POST' && !NOT_UI.test(r.path),
    );
    const feed = (await listSourceViews(w.test.app, w.ada.id)).find(
      (s) => s.id === w.owned.feedSource,
    )!;
    bodies = {
      'POST /settings/profile': { locale: 'en', tz: 'Europe/Amsterdam', images: 'on' },
      'POST /settings/password': { current: PASSWORD, next: 'another calm password, 43' },
      'POST /settings/tokens': { label: 'redirected token' },
      'POST /admin/invites': { role: 'member' },
      'POST /sources': { url: feed.url! },
      'POST /sources/:id{[0-9]+}': { cadence: 'daily', weight: '3' },
      'POST /sources/social/tokens': { label: 'redirected intake' },
      'POST /sources/social/bridge': { clear: '1' },
      'POST /sources/newsletters/addresses': { label: 'redirected letters' },
      'POST /sources/newsletters/addresses/:id{[0-9]+}': { label: 'renamed letters' },
      'POST /sources/newsletters/imap/:id{[0-9]+}': { folder: 'INBOX', senders: '' },
      'POST /items/:id{[0-9]+}/:flag{starred|dismissed|read}': { value: '1' },
      'POST /rules': {
        name: 'Redirected rule',
        field0: 'title',
        op0: 'contains',
        value0: 'lanterns',
        action: 'mute',
      },
      'POST /schedule': { 'times-mon': '8am, 17:00', tz: 'Europe/Amsterdam', budget: '15' },
      'POST /sources/newsletters/imap': { host: 'imap.nowhere.invalid', user: 'a', password: 'b' },
      'POST /sources/social/mastodon/token': { instance: 'https://nowhere.invalid', token: 'x' },
      'POST /sources/social/bluesky': { handle: 'nobody.invalid', password: 'x' },
      'POST /sources/social/follow': { platform: 'nowhere', account: 'x' },
      // Forms of other parts of the first-day work (present once merged).
      'POST /rules/:id{[0-9]+}/edit': {
        name: 'Edited rule',
        field0: 'title',
        op0: 'contains',
        value0: 'ferry',
        action: 'mute',
      },
      'POST /sources/:id{[0-9]+}/place': { name: 'Renamed', category: '' },
      'POST /later/dismiss-older': { older: '7' },
      'POST /later/start-fresh': {},
      'POST /later/undo': { batch: '1' },
      'POST /checkpoint/first': {},
      'POST /breakthroughs/undelivered/dismiss': {},
      'POST /breakthrough-channel': { rule: String(w.owned.rule), channel: 'notices' },
    };
  });
  afterAll(async () => {
    await w?.close();
  });

  it('knows every form', () => {
    expect(forms.length).toBeGreaterThan(20);
    const multipart = ['POST /sources/opml', 'POST /sources/imports'];
    const unknown = forms
      .map(name)
      .filter((n) => !(n in NOT_REDIRECTED) && !multipart.includes(n) && !FAIL_HERE.has(n))
      .filter(
        (n) => !(n in bodies) && !/\/(toggle|fetch|remove|revoke|done|undo|unsubscribe)/.test(n),
      )
      .filter((n) => !['POST /logout', 'POST /settings/logout-everywhere'].includes(n));
    expect(unknown).toEqual([]);
  });

  it('answers GET of every form address with its page, never a JSON 404', async () => {
    const faults: string[] = [];
    // A form on a row's address (`/sources/7/remove`) answers with a redirect whatever happens
    // (checked below), so its address never stays in the address bar.
    for (const form of forms.filter((r) => !r.path.includes(':'))) {
      const response = await w.ada.session.get(form.path, { accept: 'text/html' });
      const type = response.headers.get('content-type') ?? '';
      const page = await response.text();
      if (response.status !== 200 || !type.startsWith('text/html') || !page.includes('<h1'))
        faults.push(`GET ${form.path}: ${response.status} ${type}`);
    }
    expect(faults).toEqual([]);
  });

  it('redirects every form that succeeds (303) and shows a failure on its page (422)', async () => {
    const session = w.ada.session;
    const faults: string[] = [];
    // Removals and sign-outs last: the others act on what they remove.
    const last = (r: Route) =>
      /logout/.test(r.path)
        ? 3
        : /password/.test(r.path)
          ? 2
          : /remove|revoke/.test(r.path)
            ? 1
            : 0;
    const ordered = [...forms].sort((a, b) => last(a) - last(b));
    for (const form of ordered) {
      const key = name(form);
      if (key in NOT_REDIRECTED) continue;
      for (const path of fill(form)) {
        const multipart = key === 'POST /sources/opml' || key === 'POST /sources/imports';
        const data = new FormData();
        if (multipart)
          data.set('file', new Blob(['<opml version="2.0"><body/></opml>']), 'subs.opml');
        const response = multipart
          ? await session.request('POST', path, { multipart: data })
          : await session.post(path, bodies[key] ?? {});
        const type = response.headers.get('content-type') ?? '';
        await response.body?.cancel();
        const expected = FAIL_HERE.has(key) && !path.includes(':') ? 422 : 303;
        if (response.status !== expected || (expected === 422 && !type.startsWith('text/html')))
          faults.push(`${key} (${path}): ${response.status}, expected ${expected}`);
        // A new password ends every session and gives this browser a fresh one (and form token).
        const cookie = response.headers.getSetCookie().find((c) => c.startsWith('cp_session='));
        if (cookie) {
          session.cookie = cookie.split(';')[0]!;
          const page = await (await session.get('/settings')).text();
          session.csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page)?.[1] ?? '';
        }
      }
    }
    expect(faults).toEqual([]);
  });
});

/** The page `open` answers with the flash cookie of a redirect sent along, as a browser would. */
async function withCookie(
  session: HttpSession,
  setCookie: string,
  open: () => Promise<Response>,
): Promise<string> {
  const own = session.cookie;
  session.cookie = `${own}; ${setCookie.split(';')[0]}`;
  try {
    return await (await open()).text();
  } finally {
    session.cookie = own;
  }
}

describe('what a redirected form says arrives once', () => {
  let w: AuthzWorld;
  beforeAll(async () => {
    w = await startAuthzWorld('sqlite');
  });
  afterAll(async () => {
    await w?.close();
  });

  it('shows a new API token on the page after the redirect, and not on the next visit', async () => {
    const session = w.ada.session;
    const posted = await session.post('/settings/tokens', { label: 'shown once' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/settings');
    const flash = posted.headers.getSetCookie().find((c) => c.startsWith('cp_flash='))!;
    expect(flash).toMatch(/HttpOnly/i);
    const page = await withCookie(session, flash, () => session.get('/settings'));
    const token = /value="(cpt_[^"]+)"/.exec(page)?.[1];
    expect(token).toBeDefined();
    const again = await (await session.get('/settings')).text();
    expect(again).not.toContain(token!);
  });

  it('keeps a schedule form as typed, with a message at each field it could not take', async () => {
    const session = w.ada.session;
    const posted = await session.post('/schedule', {
      'times-mon': '8am, quarter past',
      'times-tue': '8:30 pm',
      tz: 'Europe/Amsterdam',
      budget: 'lots',
      perSource: '3',
    });
    expect(posted.status).toBe(422);
    const page = await posted.text();
    expect(page).toContain('value="8am, quarter past"');
    expect(page).toContain('value="8:30 pm"');
    expect(page).toContain('value="lots"');
    expect(page).toMatch(/id="times-mon-error">Could not read “quarter” as a time/);
    expect(page).toContain(
      'id="budget-error">The budget is minutes from 1 to 600, for example 15.',
    );
    expect(page).not.toContain('id="times-tue-error"');
    const saved = await session.post('/schedule', {
      'times-mon': '8am, 5:30 pm',
      tz: 'Europe/Amsterdam',
      budget: '20',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/schedule');
    const shown = await withCookie(session, saved.headers.getSetCookie()[0]!, () =>
      session.get('/schedule'),
    );
    expect(shown).toContain('value="08:00, 17:30"');
    expect(shown).toMatch(/role="status">Schedule saved/);
  });

  it('carries the notice of a saved profile to the settings page', async () => {
    const session = w.ada.session;
    const posted = await session.post('/settings/profile', {
      locale: 'nl',
      tz: 'Europe/Amsterdam',
    });
    expect(posted.status).toBe(303);
    const flash = posted.headers.getSetCookie().find((c) => c.startsWith('cp_flash='))!;
    const page = await withCookie(session, flash, () => session.get('/settings'));
    expect(page).toContain('role="status"');
    expect(page).toContain('lang="nl"');
  });
});
