/**
 * The authorisation matrix, generated from the routes the app itself reports: every operation
 * of the OpenAPI document (`GET /api/v1/openapi.json`) and every handler of the Hono app. For
 * each route, against a real server, on both databases:
 * - anonymous: the API answers 401 JSON (also to a session cookie or a token of another kind),
 *   pages redirect a browser to /login and answer a program 401 JSON, and only the public routes below answer — each with its reason;
 * - another user's ids: user B asking for user A's object (source, item, checkpoint, rule,
 *   token, address, intake token, jobs) gets 404, sees nothing of A's and changes nothing;
 * - member vs admin: admin routes answer 403 to a member;
 * - CSRF: every state-changing page route refuses a POST without the form token or from
 *   another origin (403), and changes nothing.
 * A route no rule covers fails the first test, naming it: add it to the matrix below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { loadAssets } from '../../src/http/ui/assets.ts';
import { type Matrix, type Plan, type PlannedRoute, planRoutes } from '../helpers/authz-plan.ts';
import {
  anonymousFault,
  crossUserFault,
  faultsOf,
  methodOf,
  ownedQueries,
  requestAs,
  shown,
  wrongCredentials,
} from '../helpers/authz-probes.ts';
import { type AuthzWorld, startAuthzWorld } from '../helpers/authz-world.ts';
import { DIALECTS } from '../helpers/db.ts';
import { apiOperations, appRoutes } from '../helpers/route-inventory.ts';

/**
 * The matrix. A route is covered by the OpenAPI document (bearer token), by the area its path
 * lies in (`sessionAreas`, `adminAreas`) or by a public entry that says why. A route that names
 * one of the user's objects needs `ownedParams` (in the path) or `ownedQuery`, and `bodies`
 * when an empty body would fail validation before the ownership check could answer.
 */
const MATRIX: Matrix = {
  public: [
    { route: 'GET /healthz', why: 'liveness probe; answers {"status":"ok"} only', anonymous: 200 },
    {
      route: 'GET /api/v1/openapi.json',
      why: 'the API’s description, the same for everyone, read before a client has a token',
      anonymous: 200,
    },
    {
      route: 'GET /assets/style.*',
      why: 'the stylesheet the login and setup pages need (static, fingerprinted)',
      anonymous: 200,
      path: async () => (await loadAssets()).css.path,
    },
    {
      route: 'GET /assets/app.*',
      why: 'the client script of the login and setup pages (static, fingerprinted)',
      anonymous: 200,
      path: async () => (await loadAssets()).js.path,
    },
    {
      route: 'GET /sw.js',
      why: 'the service worker: the browser fetches it itself, at the root (static)',
      anonymous: 200,
    },
    {
      route: 'GET /manifest.webmanifest',
      why: 'the web-app manifest, fetched by the browser without cookies (static)',
      anonymous: 200,
    },
    { route: 'GET /icon.svg', why: 'the icon the manifest names (static)', anonymous: 200 },
    {
      route: 'GET /setup',
      why: 'first-run setup; once an admin exists it only sends to /login',
      anonymous: 303,
      location: '/login',
    },
    {
      route: 'POST /setup',
      form: true,
      why: 'the setup form: pre-session CSRF token, and refused once set up',
      anonymous: 403,
    },
    { route: 'GET /login', why: 'the login form', anonymous: 200 },
    {
      route: 'POST /login',
      form: true,
      why: 'the login form: pre-session CSRF token, failures throttled per client',
      anonymous: 403,
    },
    {
      route: 'GET /invite/:token',
      why: 'the invite link is the credential (random, single use, expires); unknown → 404',
      anonymous: 404,
    },
    {
      route: 'POST /invite/:token',
      form: true,
      why: 'the invite form: pre-session CSRF token and a valid invite link',
      anonymous: 403,
    },
    {
      route: 'GET /feeds/checkpoints/:file',
      why: 'the private Atom feed: readers send no cookies, the secret token in the URL is the credential; a wrong one → 404',
      anonymous: 404,
    },
    {
      route: 'GET /oauth/mastodon/callback',
      why: 'the browser returning from Mastodon: only a pending, single-use state names a user; without one nothing connects',
      anonymous: 303,
      location: '/sources/social?mastodon=denied',
    },
    {
      route: /^(GET|POST|PUT) \/intake\//,
      why: 'push senders send no cookies: every intake route asks for an intake token itself (so no CSRF either)',
      anonymous: 401,
    },
  ],
  sessionAreas: [
    '/',
    '/checkpoint',
    '/pull',
    '/items',
    '/later',
    '/starred',
    '/search',
    '/sources',
    '/rules',
    '/schedule',
    '/push',
    '/ledger',
    '/breakthrough-channel',
    '/breakthroughs',
    '/channels',
    '/settings',
    '/img',
    '/logout',
  ],
  adminAreas: ['/admin', '/api/v1/admin'],
  ownedParams: {
    '/api/v1/sources/{id}': { id: 'feedSource' },
    '/api/v1/sources/{id}/fetch': { id: 'feedSource' },
    '/api/v1/sources/{id}/fetches': { id: 'feedSource' },
    '/api/v1/sources/{id}/imap': { id: 'imapSource' },
    '/api/v1/items/{id}': { id: 'item' },
    '/api/v1/items/{id}/mail': { id: 'mailItem' },
    '/api/v1/items/{id}/unsubscribe': { id: 'mailItem' },
    '/api/v1/items/{id}/share': { id: 'item' },
    '/api/v1/checkpoints/{id}': { id: 'checkpoint' },
    '/api/v1/checkpoints/{id}/done': { id: 'checkpoint' },
    '/api/v1/checkpoints/{id}/undo': { id: 'checkpoint' },
    '/api/v1/rules/{id}': { id: 'rule' },
    '/api/v1/rules/{id}/test': { id: 'rule' },
    '/api/v1/rules/{id}/undo': { id: 'rule' },
    '/api/v1/addresses/{id}': { id: 'address' },
    '/api/v1/intake-tokens/{id}': { id: 'intakeToken' },
    '/checkpoint/:id/done': { id: 'checkpoint' },
    '/checkpoint/:id/undo': { id: 'checkpoint' },
    '/items/:id{[0-9]+}': { id: 'item' },
    '/items/:id{[0-9]+}/:flag{starred|dismissed|read}': { id: 'item' },
    '/sources/opml/:job': { job: 'opmlJob' },
    '/sources/:id{[0-9]+}': { id: 'feedSource' },
    '/sources/:id{[0-9]+}/toggle': { id: 'feedSource' },
    '/sources/:id{[0-9]+}/fetch': { id: 'feedSource' },
    '/sources/:id{[0-9]+}/remove': { id: 'feedSource' },
    '/sources/:id{[0-9]+}/place': { id: 'feedSource' },
    '/sources/newsletters/imap/:id{[0-9]+}': { id: 'imapSource' },
    '/sources/newsletters/addresses/:id{[0-9]+}': { id: 'address' },
    '/sources/newsletters/addresses/:id{[0-9]+}/remove': { id: 'address' },
    '/sources/newsletters/unsubscribe/:item{[0-9]+}': { item: 'mailItem' },
    '/sources/social/tokens/:id{[0-9]+}/revoke': { id: 'intakeToken' },
    '/sources/imports/:job': { job: 'importJob' },
    '/rules/:id{[0-9]+}/toggle': { id: 'rule' },
    '/rules/:id{[0-9]+}/remove': { id: 'rule' },
    '/rules/:id{[0-9]+}/edit': { id: 'rule' },
    '/rules/:id{[0-9]+}/undo': { id: 'rule' },
    '/settings/tokens/:id{[0-9]+}/revoke': { id: 'apiToken' },
  },
  ownedQuery: {
    'GET /api/v1/items': { sourceId: 'feedSource' },
    'GET /checkpoint': { id: 'checkpoint' },
    'GET /rules': { saved: 'rule' },
    'GET /sources': { opml: 'opmlJob' },
    'GET /sources/imports': { job: 'importJob' },
    'GET /sources/social': { connected: 'feedSource' },
  },
  publicParams: { token: 'inv_madeup', file: 'cpf_wrong.atom', topic: 'alerts', name: 'authz' },
  bodies: {
    'PUT /api/v1/rules/{id}': {
      name: 'Bob’s rule',
      when: [{ field: 'title', op: 'contains', value: 'quayside' }],
      action: 'mute',
    },
    'POST /sources/:id{[0-9]+}': { cadence: 'daily', weight: '9' },
    'POST /sources/:id{[0-9]+}/place': { name: 'Renamed by bob', category: 'Bob’s' },
    'POST /items/:id{[0-9]+}/:flag{starred|dismissed|read}': { value: '1' },
    'POST /sources/newsletters/imap/:id{[0-9]+}': { folder: 'Archive', senders: 'bob@example.org' },
    'POST /sources/newsletters/addresses/:id{[0-9]+}': { label: 'taken by bob' },
  },
};

const EVIL = 'https://evil.example';

describe.each(DIALECTS)('authorisation matrix on %s', (dialect) => {
  let w: AuthzWorld;
  let plan: Plan;

  beforeAll(async () => {
    w = await startAuthzWorld(dialect);
    const document = await (await fetch(`${w.url}/api/v1/openapi.json`)).json();
    plan = planRoutes(MATRIX, appRoutes(createHttpApp(w.test.app)), apiOperations(document));
  });
  afterAll(async () => {
    await w?.close();
  });

  const where = (...access: PlannedRoute['access'][]) =>
    plan.routes.filter((route) => access.includes(route.access));

  it('every route of the app is covered by a rule of the matrix', () => {
    expect(plan.problems).toEqual([]);
    expect(plan.routes.map((route) => route.name)).toEqual(
      expect.arrayContaining([
        'GET /api/v1/items/{id}',
        'DELETE /api/v1/intake-tokens/{id}',
        'POST /items/:id{[0-9]+}/:flag{starred|dismissed|read}',
        'GET /admin/users',
        'POST /intake/webhook/:name',
        'GET /healthz',
      ]),
    );
  });

  it('anonymous: the API answers 401 JSON, pages send browsers to /login and programs a 401, only public routes answer', async () => {
    const faults = await faultsOf(plan.routes, w.owned, async (route, path) => {
      const found: string[] = [];
      for (const [label, headers] of wrongCredentials(w, route)) {
        const response = await fetch(`${w.url}${path}`, {
          method: methodOf(route),
          headers,
          redirect: 'manual',
        });
        const fault = await anonymousFault(route, path, response, headers);
        if (fault) found.push(`${route.name} (${path}, with ${label}): ${fault}`);
      }
      return found;
    });
    expect(faults).toEqual([]);
    // The public routes that take a secret do answer when it is right.
    const feed = await fetch(`${w.url}/feeds/checkpoints/${w.adaFeedFile}`);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('<feed');
    const pushed = await fetch(`${w.url}/intake/webhook/authz`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.adaIntakeToken}`, 'content-type': 'text/plain' },
      body: 'the right token is let in',
    });
    expect(pushed.status).toBe(200);
  });

  it('another user: B gets 404 for A’s ids on every route, sees nothing of A’s, changes nothing', async () => {
    const before = await w.adaSnapshot();
    const controls: [PlannedRoute, string][] = [];
    // B's state-changing routes without A's ids act on B's own things (test/e2e/security.test.ts).
    const walked = where('api', 'session').filter((r) => r.owned || r.method === 'GET');
    const faults = await faultsOf(walked, w.owned, async (route, path) => {
      const found: string[] = [];
      for (const query of ownedQueries(MATRIX, w.owned, route)) {
        const response = await requestAs(MATRIX, w.bob, route, path + query);
        const fault = await crossUserFault(w, route, query, response);
        if (fault) found.push(`${route.name} (${path}${query}) as B: ${fault}`);
      }
      if (route.owned && route.method === 'GET') controls.push([route, path]);
      return found;
    });
    expect(faults).toEqual([]);
    expect(await w.adaSnapshot()).toEqual(before);
    // The same GETs as A find the object: the 404s above came from the ownership check.
    const missed: string[] = [];
    for (const [route, path] of controls) {
      const response = await requestAs(MATRIX, w.ada, route, path);
      await response.body?.cancel();
      if (response.status !== 200) missed.push(`${route.name} (${path}) as A: ${shown(response)}`);
    }
    expect(missed).toEqual([]);
    expect(controls.length).toBeGreaterThan(10);
  });

  it('member vs admin: every admin route answers 403 to a member and works for an admin', async () => {
    const admin = where('admin');
    expect(admin.map((route) => route.name)).toContain('GET /admin/users');
    const faults = await faultsOf(admin, w.owned, async (route, path) => {
      const found: string[] = [];
      const asMember = await requestAs(MATRIX, w.bob, route, path);
      await asMember.body?.cancel();
      if (asMember.status !== 403) found.push(`${route.name} as a member: ${shown(asMember)}`);
      if (route.method !== 'GET') return found;
      const asAdmin = await requestAs(MATRIX, w.ada, route, path);
      await asAdmin.body?.cancel();
      if (asAdmin.status !== 200) found.push(`${route.name} as an admin: ${shown(asAdmin)}`);
      return found;
    });
    expect(faults).toEqual([]);
  });

  it('CSRF: every state-changing form refuses a POST without the token or from another origin', async () => {
    const before = await w.adaSnapshot();
    const forms = plan.routes.filter(
      (route) =>
        route.method !== 'GET' &&
        (route.access === 'session' || route.access === 'admin' || route.rule?.form),
    );
    expect(forms.length).toBeGreaterThan(30);
    const faults = await faultsOf(forms, w.owned, async (route, path) => {
      const found: string[] = [];
      for (const [label, extra] of [
        ['without the token', { csrf: false }],
        ['from another origin', { origin: EVIL }],
      ] as const) {
        const response = await requestAs(MATRIX, w.ada, route, path, extra);
        await response.body?.cancel();
        if (response.status !== 403)
          found.push(`${route.name} (${path}) ${label}: ${shown(response)}`);
      }
      return found;
    });
    expect(faults).toEqual([]);
    expect(await w.adaSnapshot()).toEqual(before);
  });
});
