/**
 * A Bluesky PDS/AppView on 127.0.0.1 for tests, speaking the XRPC shapes Checkpoint uses:
 * com.atproto.server.createSession / refreshSession (app-password sessions, tokens that can be
 * expired on demand), app.bsky.feed.getTimeline and app.bsky.notification.listNotifications
 * (newest first, `limit` + opaque `cursor`). Data comes from the corpus copies in
 * test/fixtures/bluesky. Rate limits can be switched on per test.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FixtureServer, startFixtureServer } from './fixture-server.ts';

const DIR = new URL('../fixtures/bluesky/bskyr/', import.meta.url);

export function blueskyFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, DIR), 'utf8')) as T;
}

/** The account whose timeline the corpus is (the subject of its follow notifications). */
export const ME = { did: 'did:plc:wpe35pganb6d4pg4ekmfy6u5', handle: 'me.bsky.social' };

// biome-ignore lint/suspicious/noExplicitAny: corpus JSON is walked loosely here
type Loose = Record<string, any>;

export interface BlueskyServer {
  server: FixtureServer;
  url: string;
  password: string;
  timeline: Loose[];
  notifications: Loose[];
  /** Copies of entries as new posts, later than everything so far (fresh URIs and times). */
  addTimeline(entries: Loose[]): void;
  addNotifications(list: Loose[]): void;
  /** Makes the current access token (and, with `refresh`, the refresh token) expire. */
  expire(options?: { refresh?: boolean }): void;
  rateLimit(mode: 'off' | '429' | 'remaining-0', resetAt?: Date): void;
  close(): Promise<void>;
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

async function body(req: IncomingMessage): Promise<Loose> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Loose) : {};
}

const sortAt = (e: Loose): string => e.reason?.indexedAt ?? e.post?.indexedAt ?? e.indexedAt;

export async function startBlueskyServer(): Promise<BlueskyServer> {
  const server = await startFixtureServer();
  const password = 'abcd-efgh-ijkl-mnop';
  let serial = 1;
  let access = new Set<string>();
  let refresh = new Set<string>();
  let limit: { mode: 'off' | '429' | 'remaining-0'; reset: number } = { mode: 'off', reset: 0 };
  let clock = Date.parse('2023-10-06T00:00:00Z');
  const timeline = blueskyFixture<Loose>('app.bsky.feed.getTimeline.json').feed as Loose[];
  const notifications = blueskyFixture<Loose>('app.bsky.notification.listNotifications.json')
    .notifications as Loose[];

  const session = () => {
    const tokens = { accessJwt: `access-${serial}`, refreshJwt: `refresh-${serial++}` };
    access.add(tokens.accessJwt);
    refresh.add(tokens.refreshJwt);
    return {
      did: ME.did,
      handle: ME.handle,
      ...tokens,
      didDoc: {
        id: ME.did,
        service: [
          { id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: server.url },
        ],
      },
    };
  };
  const bearer = (req: IncomingMessage) =>
    (req.headers.authorization ?? '').replace(/^Bearer /, '');

  server.route('/xrpc/com.atproto.server.createSession', async (req, res) => {
    const input = await body(req);
    if (input.identifier !== ME.handle || input.password !== password) {
      json(res, 401, {
        error: 'AuthenticationRequired',
        message: 'Invalid identifier or password',
      });
      return;
    }
    json(res, 200, session());
  });
  server.route('/xrpc/com.atproto.server.refreshSession', (req, res) => {
    const token = bearer(req);
    if (!refresh.has(token)) {
      json(res, 400, { error: 'ExpiredToken', message: 'Token has expired' });
      return;
    }
    refresh.delete(token);
    json(res, 200, session());
  });
  const list =
    (key: string, items: Loose[]) => (req: IncomingMessage, res: ServerResponse, url: URL) => {
      if (!access.has(bearer(req))) {
        json(res, 400, { error: 'ExpiredToken', message: 'Token has expired' });
        return;
      }
      const headers = {
        'ratelimit-limit': '3000',
        'ratelimit-remaining': limit.mode === 'remaining-0' ? '0' : '2999',
        'ratelimit-reset': String(Math.floor(limit.reset / 1000)),
      };
      if (limit.mode === '429') {
        json(res, 429, { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, headers);
        return;
      }
      const sorted = [...items].sort((a, b) => (sortAt(a) < sortAt(b) ? 1 : -1));
      const from = Number(url.searchParams.get('cursor') ?? 0);
      const size = Number(url.searchParams.get('limit') ?? 50);
      const page = sorted.slice(from, from + size);
      const next = from + size < sorted.length ? String(from + size) : undefined;
      json(res, 200, { [key]: page, ...(next ? { cursor: next } : {}) }, headers);
    };
  server.route('/xrpc/app.bsky.feed.getTimeline', list('feed', timeline));
  server.route(
    '/xrpc/app.bsky.notification.listNotifications',
    list('notifications', notifications),
  );

  const later = () => {
    clock += 1000;
    return new Date(clock).toISOString();
  };
  return {
    server,
    url: server.url,
    password,
    timeline,
    notifications,
    addTimeline(entries) {
      for (const entry of entries) {
        const copy = structuredClone(entry);
        copy.post.uri = `${copy.post.uri}${serial++}`;
        if (copy.reason) copy.reason.indexedAt = later();
        else copy.post.indexedAt = later();
        timeline.push(copy);
      }
    },
    addNotifications(items) {
      for (const n of items)
        notifications.push({
          ...structuredClone(n),
          uri: `${n.uri}${serial++}`,
          indexedAt: later(),
        });
    },
    expire(options = {}) {
      access = new Set();
      if (options.refresh) refresh = new Set();
    },
    rateLimit(mode, resetAt = new Date(Date.now() + 300_000)) {
      limit = { mode, reset: resetAt.getTime() };
    },
    close: () => server.close(),
  };
}
