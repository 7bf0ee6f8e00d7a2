/**
 * A Mastodon instance on 127.0.0.1 for tests, speaking the REST shapes Checkpoint uses:
 * POST /api/v1/apps, GET /oauth/authorize (redirect or out-of-band code), POST /oauth/token,
 * GET /api/v1/accounts/verify_credentials, and the home timeline and notifications with
 * Mastodon's paging (max_id, since_id, min_id, limit). Data comes from the corpus copies in
 * test/fixtures/mastodon. Rate limits can be switched on per test.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FixtureServer, startFixtureServer } from './fixture-server.ts';

const DIR = new URL('../fixtures/mastodon/', import.meta.url);

/** A corpus JSON file of test/fixtures/mastodon. */
export function mastodonFixture<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, DIR), 'utf8')) as T;
}

type Entity = { id: string } & Record<string, unknown>;

export interface MastodonServer {
  server: FixtureServer;
  url: string;
  /** The access token the instance hands out (and accepts). */
  token: string;
  statuses: Entity[];
  notifications: Entity[];
  /** Adds entities with fresh ids above every existing one (copies of corpus entities). */
  addStatuses(list: Entity[]): string[];
  addNotifications(list: Entity[]): string[];
  /** Answer 429 (with reset) or X-RateLimit-Remaining: 0 from now on; 'off' to stop. */
  rateLimit(mode: 'off' | '429' | 'remaining-0', resetAt?: Date): void;
  close(): Promise<void>;
}

function compare(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/** Mastodon's paging over a list: newest first; min_id returns the page right after it. */
export function page(all: Entity[], query: URLSearchParams): Entity[] {
  const limit = Math.min(Number(query.get('limit') ?? 20), 40);
  const sorted = [...all].sort((a, b) => compare(b.id, a.id));
  const maxId = query.get('max_id');
  const sinceId = query.get('since_id');
  const minId = query.get('min_id');
  let list = sorted.filter(
    (e) => (!maxId || compare(e.id, maxId) < 0) && (!sinceId || compare(e.id, sinceId) > 0),
  );
  if (minId) {
    list = list.filter((e) => compare(e.id, minId) > 0);
    return list.slice(Math.max(0, list.length - limit));
  }
  return list.slice(0, limit);
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('json')) {
    return new URLSearchParams(JSON.parse(text) as Record<string, string>);
  }
  return new URLSearchParams(text);
}

/** Starts the instance with the corpus home timeline and notifications. */
export async function startMastodonServer(): Promise<MastodonServer> {
  const server = await startFixtureServer();
  const token = 'masto-access-token-1';
  const client = { id: 'client-abc', secret: 'client-secret-xyz' };
  const codes = new Map<string, string>();
  const account = mastodonFixture<Entity>('bigbone/accounts_verify_credentials_success.json');
  const statuses = mastodonFixture<Entity[]>('bigbone/tag_timeline.json');
  const notifications = mastodonFixture<Entity[]>('bigbone/notifications.json');
  let limit: { mode: 'off' | '429' | 'remaining-0'; resetAt: Date } = {
    mode: 'off',
    resetAt: new Date(),
  };
  // Fresh ids continue above the newest of each list (900000… for the corpus timeline).
  const add = (target: Entity[], list: Entity[]) =>
    list.map((entity) => {
      const top = target.reduce((max, e) => (BigInt(e.id) > max ? BigInt(e.id) : max), 899_999n);
      const id = String(top + 1n);
      target.push({ ...structuredClone(entity), id });
      return id;
    });

  server.route('/api/v1/apps', async (req, res) => {
    const body = await readBody(req);
    if (!body.get('redirect_uris') || !body.get('scopes')?.includes('read:statuses')) {
      json(res, 422, { error: 'Validation failed' });
      return;
    }
    json(res, 200, {
      id: '1',
      name: body.get('client_name'),
      client_id: client.id,
      client_secret: client.secret,
      redirect_uri: body.get('redirect_uris'),
    });
  });
  server.route('/oauth/authorize', (_req, res, url) => {
    const redirect = url.searchParams.get('redirect_uri') ?? '';
    if (
      url.searchParams.get('client_id') !== client.id ||
      url.searchParams.get('response_type') !== 'code'
    ) {
      json(res, 400, { error: 'invalid_client' });
      return;
    }
    const code = `code-${codes.size + 1}`;
    codes.set(code, redirect);
    if (redirect === 'urn:ietf:wg:oauth:2.0:oob') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(code);
      return;
    }
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    back.searchParams.set('state', url.searchParams.get('state') ?? '');
    res.writeHead(302, { location: back.toString() });
    res.end();
  });
  server.route('/oauth/token', async (req, res) => {
    const body = await readBody(req);
    const code = body.get('code') ?? '';
    const ok =
      body.get('grant_type') === 'authorization_code' &&
      body.get('client_id') === client.id &&
      body.get('client_secret') === client.secret &&
      codes.get(code) === body.get('redirect_uri');
    if (!ok) {
      json(res, 400, { error: 'invalid_grant' });
      return;
    }
    codes.delete(code);
    json(res, 200, {
      access_token: token,
      token_type: 'Bearer',
      scope: body.get('scope'),
      created_at: 1,
    });
  });
  const authed =
    (handler: (req: IncomingMessage, res: ServerResponse, url: URL) => void) =>
    (req: IncomingMessage, res: ServerResponse, url: URL) => {
      if (req.headers.authorization !== `Bearer ${token}`) {
        json(res, 401, { error: 'The access token is invalid' });
        return;
      }
      handler(req, res, url);
    };
  const paged = (list: Entity[]) =>
    authed((_req, res, url) => {
      const reset = limit.resetAt.toISOString();
      if (limit.mode === '429') {
        json(
          res,
          429,
          { error: 'Too many requests' },
          { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
        );
        return;
      }
      const remaining = limit.mode === 'remaining-0' ? '0' : '299';
      json(res, 200, page(list, url.searchParams), {
        'x-ratelimit-limit': '300',
        'x-ratelimit-remaining': remaining,
        'x-ratelimit-reset': reset,
      });
    });
  server.route(
    '/api/v1/accounts/verify_credentials',
    authed((_req, res) => json(res, 200, account)),
  );
  server.route('/api/v1/timelines/home', paged(statuses));
  server.route('/api/v1/notifications', paged(notifications));

  return {
    server,
    url: server.url,
    token,
    statuses,
    notifications,
    addStatuses: (list) => add(statuses, list),
    addNotifications: (list) => add(notifications, list),
    rateLimit(mode, resetAt = new Date(Date.now() + 300_000)) {
      limit = { mode, resetAt };
    },
    close: () => server.close(),
  };
}
