/**
 * Connecting a Bluesky account with an app password (Settings → Privacy and security → App
 * passwords) against a configurable service (default https://bsky.social). The session and
 * the app password are stored encrypted; the first poll runs at once.
 */
import {
  findSourceById,
  findSourceByUrl,
  insertSource,
  updateSource,
} from '../../db/repos/sources.ts';
import type { SourceRow } from '../../db/schema.ts';
import { invalid, NotFoundError } from '../../domain/errors.ts';
import { createSession } from '../../sources/bluesky/client.ts';
import { sealBlueskyConfig } from '../../sources/bluesky/spec.ts';
import type { App } from '../app.ts';
import { refreshSource } from '../sources/refresh.ts';
import { toSourceView } from '../sources/sources.ts';
import type { ConnectResult } from './mastodon.ts';

export const DEFAULT_BLUESKY_SERVICE = 'https://bsky.social';

function serviceOrigin(input: string): string {
  try {
    const url = new URL(/^https?:\/\//i.test(input) ? input : `https://${input}`);
    return url.origin;
  } catch {
    throw invalid(
      `bluesky: "${input}" is not a service URL like https://bsky.social`,
      'error.bluesky.service',
      { service: input },
    );
  }
}

async function sourceRow(app: App, id: number): Promise<SourceRow> {
  const row = await findSourceById(app.db.kysely, id);
  if (!row) throw new NotFoundError(`source: no source ${id}`);
  return row;
}

/**
 * Logs in as `handle` with an app password and stores the account as a source (or renews
 * the session of one already connected).
 *
 * @example await connectBluesky(app, user.id, 'alice.bsky.social', appPassword)
 */
export async function connectBluesky(
  app: App,
  userId: number,
  handle: string,
  password: string,
  options: { service?: string | null } = {},
): Promise<ConnectResult> {
  const identifier = handle.trim().replace(/^@/, '');
  if (!identifier)
    throw invalid('bluesky: a handle like alice.bsky.social is needed', 'error.bluesky.handle');
  if (!password.trim())
    throw invalid('bluesky: the app password is empty', 'error.bluesky.password');
  const service = serviceOrigin(options.service?.trim() || DEFAULT_BLUESKY_SERVICE);
  const now = app.clock.now().getTime();
  const session = await createSession(app.fetcher, service, identifier, password.trim(), now);
  const config = JSON.stringify(
    sealBlueskyConfig(
      app.config.secret,
      { service, identifier, password: password.trim() },
      session,
    ),
  );
  const url = `https://bsky.app/profile/${session.did}`;
  const existing = await findSourceByUrl(app.db.kysely, userId, 'bluesky', url);
  let created = false;
  let sourceId: number;
  if (existing) {
    await updateSource(app.db.kysely, userId, existing.id, {
      config,
      enabled: 1,
      error_count: 0,
      last_error: null,
      disabled_reason: null,
    });
    sourceId = existing.id;
  } else {
    const row = await insertSource(app.db.kysely, {
      user_id: userId,
      kind: 'bluesky',
      name: `@${session.handle}`,
      url,
      site_url: `https://bsky.app/profile/${session.handle}`,
      config,
      interval_minutes: Math.min(app.config.fetch.intervalMinutes, 15),
      next_check_at: now,
      created_at: now,
    });
    created = true;
    sourceId = row.id;
  }
  const source = await sourceRow(app, sourceId);
  const refreshed = await refreshSource(app, source);
  const row = await sourceRow(app, sourceId);
  return { source: toSourceView(row), created, itemsAdded: refreshed.inserted.length };
}
