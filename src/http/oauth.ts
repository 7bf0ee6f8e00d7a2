/**
 * OAuth callbacks (`/oauth/…`): the browser comes back here from the platform with a code.
 * No session is needed: the `state` names the pending authorisation and its user.
 */
import { type Context, Hono } from 'hono';
import { CheckpointError } from '../domain/errors.ts';
import { escapeHtml } from '../lib/escape-html.ts';
import type { App } from '../services/app.ts';
import { finishMastodonConnect } from '../services/mastodon.ts';

function page(c: Context, status: 200 | 400, title: string, text: string) {
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p><a href="/">Back to Checkpoint</a></p></body></html>`,
    status,
  );
}

/** The `/oauth` router, mounted by the HTTP app. */
export function createOAuthRouter(app: App): Hono {
  const router = new Hono();
  router.get('/mastodon/callback', async (c) => {
    const error = c.req.query('error');
    const code = c.req.query('code');
    const state = c.req.query('state');
    if (error || !code || !state) {
      const why = c.req.query('error_description') ?? error ?? 'the instance sent no code';
      return page(c, 400, 'Mastodon was not connected', why);
    }
    try {
      const result = await finishMastodonConnect(app, state, code);
      return page(
        c,
        200,
        'Mastodon connected',
        `${result.source.name} is connected; ${result.itemsAdded} items are held for your next checkpoint.`,
      );
    } catch (err) {
      if (!(err instanceof CheckpointError)) throw err;
      return page(c, 400, 'Mastodon was not connected', err.message);
    }
  });
  return router;
}
