import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertItems } from '../../src/db/repos/items.ts';
import { insertSource } from '../../src/db/repos/sources.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { createUser, resolveUser } from '../../src/services/accounts/users.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';

describe.each(DIALECTS)('HTTP API on %s', (dialect) => {
  let t: TestApp;
  let http: ReturnType<typeof createHttpApp>;
  let tokenA: string;
  let tokenB: string;
  let sourceA: number;
  let itemA: number;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    http = createHttpApp(t.app);
    const admin = await resolveUser(t.app.db.kysely, undefined);
    const other = await createUser(t.app.db.kysely, t.app.clock, { email: 'b@example.org' });
    tokenA = (await createApiToken(t.app.db.kysely, t.app.clock, admin.id, 'a')).token;
    tokenB = (await createApiToken(t.app.db.kysely, t.app.clock, other.id, 'b')).token;
    sourceA = (
      await insertSource(t.app.db.kysely, {
        user_id: admin.id,
        kind: 'feed',
        name: 'Mine',
        url: 'https://a.example/feed',
        created_at: 1,
      })
    ).id;
    const [inserted] = await insertItems(t.app.db.kysely, [
      {
        user_id: admin.id,
        source_id: sourceA,
        external_id: 'x',
        kind: 'article',
        title: 'Mine',
        published_at: 5,
        received_at: 5,
        hash: 'h',
      },
    ]);
    itemA = inserted!.id;
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const get = (path: string, token?: string, init: RequestInit = {}) =>
    http.request(path, {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) },
    });

  it('answers /healthz anonymously', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('needs a valid bearer token on every /api/v1 route', async () => {
    for (const path of [
      '/api/v1/sources',
      '/api/v1/items',
      `/api/v1/items/${itemA}`,
      '/api/v1/rules',
      '/api/v1/ledger',
    ]) {
      const missing = await get(path);
      expect(missing.status, path).toBe(401);
      expect(missing.headers.get('www-authenticate')).toContain('Bearer');
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
        'unauthorized',
      );
      expect((await get(path, 'cpt_not-a-real-token')).status, path).toBe(401);
    }
  });

  it('serves the owner’s data and 404 for another user’s ids', async () => {
    const items = (await (await get('/api/v1/items', tokenA)).json()) as {
      id: number;
      title: string;
    }[];
    expect(items.map((i) => i.title)).toEqual(['Mine']);
    expect(await (await get('/api/v1/items', tokenB)).json()).toEqual([]);
    for (const [method, path, body] of [
      ['GET', `/api/v1/items/${itemA}`, undefined],
      ['PATCH', `/api/v1/items/${itemA}`, { read: true }],
      ['GET', `/api/v1/sources/${sourceA}`, undefined],
      ['PATCH', `/api/v1/sources/${sourceA}`, { name: 'Stolen' }],
      ['POST', `/api/v1/sources/${sourceA}/fetch`, undefined],
      ['DELETE', `/api/v1/sources/${sourceA}`, undefined],
    ] as const) {
      const res = await get(path, tokenB, {
        method,
        ...(body
          ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
          : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const mine = (await (await get(`/api/v1/sources/${sourceA}`, tokenA)).json()) as {
      name: string;
    };
    expect(mine.name).toBe('Mine');
  });

  it('validates input with a clear message', async () => {
    const res = await get('/api/v1/items?limit=0', tokenA);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('limit');
    const bad = await get('/api/v1/sources', tokenA, {
      method: 'POST',
      body: 'not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
  });

  it('marks items read and starred', async () => {
    const res = await get(`/api/v1/items/${itemA}`, tokenA, {
      method: 'PATCH',
      body: JSON.stringify({ read: true, starred: true }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ read: true, starred: true, dismissed: false });
  });

  it('documents every /api/v1 route in the OpenAPI document', async () => {
    const doc = (await (await get('/api/v1/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    for (const route of [
      'GET /api/v1/sources',
      'POST /api/v1/sources',
      'GET /api/v1/items',
      'PATCH /api/v1/items/{id}',
      'POST /api/v1/pull',
      'GET /api/v1/ledger',
      'POST /api/v1/rules',
    ]) {
      expect(documented).toContain(route);
    }
    // Every route the router knows under /api/v1 is documented.
    const routes = http.routes
      .filter(
        (r) =>
          r.path.startsWith('/api/v1/') && r.method !== 'ALL' && !r.path.endsWith('openapi.json'),
      )
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    for (const route of routes) expect(documented, route).toContain(route);
  });
});
