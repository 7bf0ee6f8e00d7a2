/**
 * OAuth callbacks (`/oauth/…`): the browser comes back here from the platform with a code.
 * No session is needed: the `state` names the pending authorisation and its user. The browser
 * is then sent back to the web app, which shows the outcome as a notice in the user's language.
 */
import { Hono } from 'hono';
import { CheckpointError } from '../domain/errors.ts';
import type { App } from '../services/app.ts';
import { finishMastodonConnect } from '../services/social/mastodon.ts';

/** Where the web app shows connected accounts (`src/http/ui/pages/social.tsx`). */
export const SOCIAL_PAGE = '/sources/social';

/** Why a connection did not happen, as the web app's notice names it (no free text in URLs). */
export type OAuthFailure = 'denied' | 'expired' | 'failed';

/** The `/oauth` router, mounted by the HTTP app. */
export function createOAuthRouter(app: App): Hono {
  const router = new Hono();
  router.get('/mastodon/callback', async (c) => {
    const back = (query: Record<string, string>) =>
      c.redirect(`${SOCIAL_PAGE}?${new URLSearchParams(query).toString()}`, 303);
    const code = c.req.query('code');
    const state = c.req.query('state');
    if (c.req.query('error') || !code || !state) {
      app.log.info(
        { error: c.req.query('error'), description: c.req.query('error_description') },
        'mastodon: authorisation refused',
      );
      return back({ mastodon: 'denied' satisfies OAuthFailure });
    }
    try {
      const result = await finishMastodonConnect(app, state, code);
      return back({ connected: String(result.source.id), items: String(result.itemsAdded) });
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      app.log.warn({ err: error }, 'mastodon: connecting failed');
      const failure: OAuthFailure = /unknown or expired/.test(error.message) ? 'expired' : 'failed';
      return back({ mastodon: failure });
    }
  });
  return router;
}
