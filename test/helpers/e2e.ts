/**
 * One real-browser world per e2e file: Checkpoint on a fresh SQLite database with a TestClock
 * (Monday 2026-03-02 08:00 in Amsterdam), served on 127.0.0.1, a fixture site with feeds on
 * another port of 127.0.0.1, and Debian's Chromium. No sleeps for schedule time: tests move
 * the clock and call `buildDueCheckpoints`.
 *
 * @example
 * const e = await startE2e();
 * await e.setupInUi();
 * await e.goto('/sources');
 * …
 * await e.close();
 */
import { request as httpRequest } from 'node:http';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { findUserByEmail } from '../../src/db/repos/users.ts';
import type { UserRow } from '../../src/db/schema.ts';
import { acceptInvite, completeSetup, createInvite } from '../../src/services/accounts/accounts.ts';
import type { App } from '../../src/services/app.ts';
import {
  type BuiltCheckpoint,
  buildDueCheckpoints,
} from '../../src/services/checkpoints/checkpoints.ts';
import { type Browser, launchBrowser, type Served, serveApp } from './browser.ts';
import { TestClock } from './clock.ts';
import { openTestApp, type TestApp } from './db.ts';
import { pageWithFeeds, rss, type TestEntry } from './feeds.ts';
import { type FixtureServer, sendWithValidators, startFixtureServer } from './fixture-server.ts';
import { freePort } from './free-port.ts';
import { gradientPng } from './png.ts';

export const ADMIN_EMAIL = 'ada@example.org';
export const PASSWORD = 'a calm password, 42';
export const TZ = 'Europe/Amsterdam';
/** Monday 08:00 in Amsterdam; the default schedule's next checkpoint is 12:30 there. */
export const START = '2026-03-02T07:00:00Z';
export const FIRST_DUE = '2026-03-02T11:30:00Z';

export interface E2e {
  test: TestApp;
  app: App;
  clock: TestClock;
  /** The app's origin, `http://127.0.0.1:<port>`. */
  url: string;
  /** The fixture web site with feeds (see `blogSite`). */
  site: FixtureServer;
  browser: Browser;
  page: Page;
  /** Opens a path of the app in the page and waits for the load. */
  goto(path: string): Promise<void>;
  /** Clicks `selector` (in `page`, default the main one) and waits for the page it leads to. */
  submit(selector: string, page?: Page): Promise<void>;
  /** Switches a user's language (the next page is in it). */
  setLocale(userId: number, locale: 'en' | 'nl'): Promise<void>;
  /** First-run setup through the setup page (the browser ends up logged in). */
  setupInUi(options?: Partial<SetupInput>): Promise<UserRow>;
  /** First-run setup through the service, then a login through the login page. */
  setupAndLogin(options?: Partial<SetupInput>): Promise<UserRow>;
  /** Logs in through the login page. */
  login(email: string, password?: string): Promise<void>;
  /** A further user, invited by the admin (service calls, no browser). */
  addUser(email: string, options?: { locale?: string; tz?: string }): Promise<UserRow>;
  user(email?: string): Promise<UserRow>;
  /** Moves the clock and builds whatever checkpoint is due then. */
  buildAt(at: string): Promise<BuiltCheckpoint[]>;
  close(): Promise<void>;
}

export interface SetupInput {
  email: string;
  password: string;
  tz: string;
  locale: 'en' | 'nl';
  rule: boolean;
}

const DEFAULTS: SetupInput = {
  email: ADMIN_EMAIL,
  password: PASSWORD,
  tz: TZ,
  locale: 'en',
  rule: true,
};

/**
 * Starts the world; `browserLocale` is the browser's language (Accept-Language), `env` more
 * configuration. CHECKPOINT_BASE_URL is the URL the app is served on (OAuth callbacks, the
 * intake examples and links point back to it).
 */
export async function startE2e(
  options: { browserLocale?: string; env?: Record<string, string> } = {},
): Promise<E2e> {
  const clock = new TestClock(START);
  const port = await freePort();
  const test = await openTestApp('sqlite', {
    clock,
    env: { CHECKPOINT_BASE_URL: `http://127.0.0.1:${port}`, ...options.env },
  });
  const { app } = test;
  const site = await startFixtureServer();
  blogSite(site);
  const served: Served = await serveApp(app, port);
  const browser = await launchBrowser({ locale: options.browserLocale ?? 'en-GB', timezoneId: TZ });
  const { page } = browser;
  const goto = async (path: string) => {
    await page.goto(`${served.url}${path}`);
  };
  const submit = async (selector: string, on: Page = page) => {
    await Promise.all([on.waitForLoadState('load'), on.click(selector)]);
  };
  const setLocale = async (userId: number, locale: 'en' | 'nl') => {
    await app.db.kysely.updateTable('users').set({ locale }).where('id', '=', userId).execute();
  };
  const login = async (email: string, password = PASSWORD) => {
    await goto('/login');
    await page.fill('#email', email);
    await page.fill('#password', password);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/login')),
      page.click('button[type=submit].primary'),
    ]);
  };
  const user = async (email = ADMIN_EMAIL) => (await findUserByEmail(app.db.kysely, email))!;
  return {
    test,
    app,
    clock,
    url: served.url,
    site,
    browser,
    page,
    goto,
    submit,
    setLocale,
    login,
    user,
    async setupInUi(input = {}) {
      const s = { ...DEFAULTS, ...input };
      await goto('/');
      expect(new URL(page.url()).pathname).toBe('/setup');
      await page.fill('#email', s.email);
      await page.fill('#password', s.password);
      await page.selectOption('#tz', s.tz);
      await page.selectOption('#locale', s.locale);
      await page.setChecked('input[name=rule]', s.rule);
      // With the breakthrough rule, setup offers its channel next; "Not now" goes on to Sources.
      const next = s.rule ? '**/breakthrough-channel?setup=1' : '**/sources';
      await Promise.all([page.waitForURL(next), page.click('button[type=submit].primary')]);
      if (s.rule)
        await Promise.all([
          page.waitForURL('**/sources'),
          page.click('#bchannel-form a[href="/sources"]'),
        ]);
      return await user(s.email);
    },
    async setupAndLogin(input = {}) {
      const s = { ...DEFAULTS, ...input };
      await completeSetup(app, {
        email: s.email,
        password: s.password,
        tz: s.tz,
        locale: s.locale,
        suggestedRule: s.rule,
      });
      await login(s.email, s.password);
      return await user(s.email);
    },
    async addUser(email, extra = {}) {
      const invite = await createInvite(app, await user(), 'member');
      const token = invite.url.split('/').at(-1)!;
      return await acceptInvite(app, token, {
        email,
        password: PASSWORD,
        tz: extra.tz ?? TZ,
        locale: extra.locale ?? 'en',
      });
    },
    async buildAt(at) {
      clock.set(at);
      return await buildDueCheckpoints(app);
    },
    async close() {
      await browser.close();
      await served.close();
      await site.close();
      await test.cleanup();
    },
  };
}

/** The articles of the fixture blog (the first has a remote image, shown through the proxy). */
export const BLOG_POSTS: readonly { slug: string; title: string; date: string; words: string }[] = [
  {
    slug: 'bridge',
    title: 'Harbour bridge reopens after two years of repairs',
    date: 'Mon, 02 Mar 2026 06:10:00 GMT',
    words:
      'The bridge over the old harbour is open again. Cyclists were the first across, just after dawn, and the ferry that stood in for it made its last crossing on Sunday.',
  },
  {
    slug: 'less-news',
    title: 'A quiet guide to reading less news',
    date: 'Sun, 01 Mar 2026 18:00:00 GMT',
    words:
      'Reading less news does not mean knowing less. Pick two moments a day, read what arrived, and close the tab: the rest will keep.',
  },
  {
    slug: 'ferries',
    title: 'Why the harbour ferries run late in winter',
    date: 'Sun, 01 Mar 2026 09:30:00 GMT',
    words:
      'Ice on the landing stages, fewer crews and early darkness: the ferry company explains the winter timetable and what changes in spring.',
  },
  {
    slug: 'week-without',
    title: 'Notes from a week without notifications',
    date: 'Sat, 28 Feb 2026 16:45:00 GMT',
    words:
      'For seven days every app stayed silent. The first two were restless; by Thursday the phone was just a phone again.',
  },
  {
    slug: 'town-clock',
    title: 'The long history of the town clock',
    date: 'Sat, 28 Feb 2026 08:00:00 GMT',
    words:
      'Wound by hand every Saturday since 1887, the clock on the town hall has stopped only three times, each for a reason worth a story.',
  },
  {
    slug: 'sunday',
    title: 'Recipes for a slow Sunday',
    date: 'Fri, 27 Feb 2026 12:00:00 GMT',
    words:
      'Bread that rises while you read, a soup that needs no watching, and a cake for whoever comes by in the afternoon.',
  },
];

function article(site: FixtureServer, post: (typeof BLOG_POSTS)[number], index: number): string {
  const image =
    index === 0
      ? `<p><img src="${site.urlFor('/images/bridge.png')}" alt="The harbour bridge at dawn" width="640" height="360"></p>`
      : '';
  return `${image}<p>${post.words}</p><p>${'It is a calm piece of writing with a beginning, a middle and an end, meant to be read at a checkpoint. '.repeat(3)}</p><h2>What comes next</h2><p>${'More of the same, told slowly and without hurry, in a few sentences that fill a paragraph. '.repeat(4)}</p>`;
}

/** Entries of the fixture blog's feed. */
export function blogEntries(site: FixtureServer): TestEntry[] {
  return BLOG_POSTS.map((post, i) => ({
    guid: `blog-${post.slug}`,
    title: post.title,
    link: site.urlFor(`/blog/posts/${post.slug}`),
    date: post.date,
    html: article(site, post, i),
  }));
}

/**
 * Routes of the fixture site: `/blog/` (a page announcing one feed), `/blog/feed.xml`,
 * `/blog/posts/<slug>` (article pages for the reading view), `/images/bridge.png`,
 * `/two/` (a page announcing two feeds: the "choose a feed" state), `/two/news.xml`,
 * `/two/notes.xml`, `/evening/feed.xml`.
 */
export function blogSite(site: FixtureServer): void {
  const html = (body: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  };
  site.route(
    '/blog/',
    html(pageWithFeeds([{ href: '/blog/feed.xml', title: 'Harbour Town Journal' }])),
  );
  site.route('/blog/feed.xml', (req, res) =>
    sendWithValidators(req, res, {
      body: rss('Harbour Town Journal', blogEntries(site), site.urlFor('/blog/')),
      etag: '"blog-1"',
    }),
  );
  site.route('/blog/posts/*', (_req, res, url) => {
    const post = BLOG_POSTS.find((p) => url.pathname.endsWith(`/${p.slug}`));
    if (!post) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html><head><title>${post.title}</title></head><body><header>Harbour Town Journal</header><article><h1>${post.title}</h1>${article(site, post, 1)}<p>${'The full article goes on from here, with more than the feed carried. '.repeat(6)}</p></article><footer>© the journal</footer></body></html>`,
    );
  });
  const png = gradientPng(640, 360);
  site.route('/images/bridge.png', (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
    res.end(png);
  });
  site.route(
    '/two/',
    html(
      pageWithFeeds([
        { href: '/two/news.xml', title: 'Two Rivers — news' },
        { href: '/two/notes.xml', title: 'Two Rivers — notes', type: 'application/atom+xml' },
      ]),
    ),
  );
  site.route('/two/news.xml', (req, res) =>
    sendWithValidators(req, res, {
      body: rss('Two Rivers — news', [
        {
          guid: 'tr1',
          title: 'The river festival moves to June',
          date: 'Sun, 01 Mar 2026 10:00:00 GMT',
        },
      ]),
    }),
  );
  site.route('/evening/feed.xml', (req, res) =>
    sendWithValidators(req, res, {
      body: rss(
        'The Evening Paper',
        [
          {
            guid: 'ev1',
            title: 'Council agrees on the new library',
            link: 'https://evening.example/library',
            date: 'Mon, 02 Mar 2026 05:00:00 GMT',
            html: `<p>${'The library will open in the old post office. '.repeat(12)}</p>`,
          },
          {
            guid: 'ev2',
            title: 'Rain expected for the rest of the week',
            link: 'https://evening.example/rain',
            date: 'Sun, 01 Mar 2026 20:00:00 GMT',
            html: `<p>${'Bring an umbrella and a good book. '.repeat(10)}</p>`,
          },
          {
            guid: 'ev3',
            title: 'A harbour concert for the reopened bridge',
            link: 'https://evening.example/concert',
            date: 'Sun, 01 Mar 2026 15:00:00 GMT',
            html: `<p>${'Brass bands on both banks, and a choir in the middle. '.repeat(14)}</p>`,
          },
        ],
        'https://evening.example/',
      ),
    }),
  );
}

/**
 * One request through node:http from a given local address (fetch cannot choose it), as a
 * fetch Response; redirects are not followed.
 */
function requestFrom(
  localAddress: string,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const answer = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const one of Array.isArray(value) ? value : [value ?? '']) answer.append(name, one);
        }
        const status = res.statusCode ?? 500;
        const content = status === 204 || status === 304 ? null : Buffer.concat(chunks);
        resolve(new Response(content, { status, headers: answer }));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The pages without a session (as `PUBLIC` in src/http/ui/index.tsx). */
const PUBLIC_PATH = /^\/(setup|login|invite\/[^/?]+)(\?|$)/;

/**
 * A plain HTTP client with a cookie jar, for checks a browser would hide (status codes,
 * Set-Cookie flags, requests without the CSRF token). Sends our own Origin unless told not to.
 *
 * @example const s = new HttpSession(e.url); await s.login(ADMIN_EMAIL); await s.post('/items/1/starred', { value: '1' });
 */
export class HttpSession {
  cookie = '';
  csrf = '';
  /** The raw Set-Cookie header of the last login. */
  setCookie = '';
  /** The pre-session CSRF cookie (`cp_csrf=…`) and its form token, for setup, login, invite. */
  preCookie = '';
  preCsrf = '';
  private readonly localAddress: string | undefined;
  /**
   * `localAddress`: the loopback address the requests come from (e.g. `127.0.0.2`), to play
   * several clients against the login throttle; the server still listens on 127.0.0.1.
   */
  constructor(
    readonly base: string,
    options: { localAddress?: string } = {},
  ) {
    this.localAddress = options.localAddress;
  }

  /**
   * Opens a page without a session (default `/login`), as a browser would before posting its
   * form: keeps the pre-session cookie and reads the form token.
   */
  async openPublicPage(path = '/login'): Promise<Response> {
    const response = await this.request('GET', path);
    const set = response.headers.getSetCookie().find((c) => c.startsWith('cp_csrf='));
    if (set) this.preCookie = set.split(';')[0]!;
    const page = await response.clone().text();
    const token = /<input type="hidden" name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    if (token) this.preCsrf = token;
    return response;
  }

  async request(
    method: string,
    path: string,
    options: {
      form?: Record<string, string>;
      multipart?: FormData;
      json?: unknown;
      headers?: Record<string, string>;
      origin?: string | null;
      csrf?: boolean;
    } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    const cookies = [this.cookie, this.preCookie].filter(Boolean).join('; ');
    if (cookies) headers.cookie = cookies;
    // Setup, login and invite have no session: their forms carry the pre-session token.
    const token = PUBLIC_PATH.test(path) ? this.preCsrf : this.csrf;
    if (options.origin !== null) headers.origin = options.origin ?? this.base;
    let body: string | FormData | undefined;
    if (options.multipart) {
      if (options.csrf !== false && token) options.multipart.set('_csrf', token);
      body = options.multipart;
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      if (options.csrf !== false && token) headers['x-csrf-token'] = token;
      body = JSON.stringify(options.json);
    } else if (options.form || method === 'POST') {
      const form = {
        ...(options.csrf === false || !token ? {} : { _csrf: token }),
        ...options.form,
      };
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(form).toString();
    }
    if (this.localAddress) {
      if (body !== undefined && typeof body !== 'string')
        throw new Error('HttpSession: multipart bodies need the default client');
      return await requestFrom(this.localAddress, `${this.base}${path}`, method, headers, body);
    }
    return await fetch(`${this.base}${path}`, { method, headers, body, redirect: 'manual' });
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request('GET', path, { headers });
  }

  post(
    path: string,
    form: Record<string, string> = {},
    options: { origin?: string | null; csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    return this.request('POST', path, { form, ...options });
  }

  /**
   * Logs in through the login page (GET for its form token, then `POST /login`); on success
   * keeps the session cookie and reads the session's CSRF token.
   */
  async login(email: string, password = PASSWORD): Promise<Response> {
    if (!this.preCsrf) await this.openPublicPage('/login');
    const response = await this.request('POST', '/login', {
      form: { email, password, next: '/checkpoint' },
    });
    const setCookie = response.headers.get('set-cookie') ?? '';
    if (response.status === 303 && setCookie.startsWith('cp_session=')) {
      this.setCookie = setCookie;
      this.cookie = setCookie.split(';')[0]!;
      const page = await (await this.get('/settings')).text();
      this.csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page)?.[1] ?? '';
    }
    return response;
  }
}
