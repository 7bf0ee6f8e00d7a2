import { Hono } from 'hono';
import { checkpointsAtom } from '../delivery/atom.ts';
import { sha256Hex } from '../lib/crypto.ts';
import type { App } from '../services/app.ts';
import { feedUrl, userByFeedToken } from '../services/checkpoints/feed-tokens.ts';

const SUFFIX = '.atom';

/**
 * Private feeds under `/feeds`: `GET /feeds/checkpoints/<token>.atom` is the user's checkpoints
 * as Atom 1.0. No session or bearer token — the secret in the URL is the credential, so any
 * feed reader can pull it; an unknown token is a plain 404, like a path that does not exist.
 */
export function feedRoutes(app: App): Hono {
  const feeds = new Hono();
  feeds.get('/checkpoints/:file', async (c) => {
    const file = c.req.param('file');
    const token = file.endsWith(SUFFIX) ? file.slice(0, -SUFFIX.length) : '';
    const user = token ? await userByFeedToken(app, token) : null;
    if (!user) return c.text('not found', 404);
    const body = await checkpointsAtom(app, user, feedUrl(app.config.baseUrl, token));
    const etag = `"${sha256Hex(body).slice(0, 32)}"`;
    const headers = {
      etag,
      // The URL is a secret: keep it out of shared caches, search engines and Referer headers.
      'cache-control': 'private, no-cache',
      'x-robots-tag': 'noindex, nofollow',
      'referrer-policy': 'no-referrer',
    };
    const known = (c.req.header('if-none-match') ?? '').split(',').map((tag) => tag.trim());
    if (known.includes(etag) || known.includes(`W/${etag}`)) return c.body(null, 304, headers);
    return c.body(body, 200, { ...headers, 'content-type': 'application/atom+xml; charset=utf-8' });
  });
  return feeds;
}
