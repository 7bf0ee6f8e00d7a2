/**
 * Connecting a Mastodon account: the app is registered once per instance and redirect URI,
 * the user authorises it (OAuth authorisation code, read scopes only), the token is stored
 * encrypted in the source's config, and the first poll runs at once. A token made by the user
 * on the instance (Preferences → Development) can be given directly instead.
 */
import { randomBytes } from 'node:crypto';
import { findMastodonApp, insertMastodonApp } from '../../db/repos/mastodon-apps.ts';
import {
  deleteOauthStatesBefore,
  insertOauthState,
  takeOauthState,
} from '../../db/repos/oauth-states.ts';
import {
  findSourceById,
  findSourceByUrl,
  insertSource,
  updateSource,
} from '../../db/repos/sources.ts';
import type { SourceRow } from '../../db/schema.ts';
import { invalid } from '../../domain/errors.ts';
import { decryptSecret, encryptSecret, sha256Hex } from '../../lib/crypto.ts';
import {
  authorizeUrl,
  exchangeCode,
  OOB_REDIRECT,
  registerApp,
  verifyCredentials,
} from '../../sources/mastodon/client.ts';
import type { MastodonConfig } from '../../sources/mastodon/spec.ts';
import type { MastoSelf } from '../../sources/mastodon/types.ts';
import type { App } from '../app.ts';
import { refreshSource } from '../sources/refresh.ts';
import { type SourceView, toSourceView } from '../sources/sources.ts';

/** Authorisations not finished within this time are dropped. */
const STATE_TTL_MS = 60 * 60_000;

/** `mastodon.social` or `https://mastodon.social/@me` → `https://mastodon.social`. */
export function normaliseInstance(input: string): string {
  const value = input.trim();
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(url.protocol);
    return url.origin;
  } catch {
    throw invalid(
      `mastodon: "${input}" is not an instance address like mastodon.social`,
      'error.mastodon.instance',
      { instance: input },
    );
  }
}

/** Where the instance sends the browser back: the callback route, or out-of-band. */
export function mastodonRedirectUri(app: App, oob: boolean): string {
  return oob ? OOB_REDIRECT : `${app.config.baseUrl}/oauth/mastodon/callback`;
}

async function appCredentials(app: App, instance: string, redirectUri: string) {
  const known = await findMastodonApp(app.db.kysely, instance, redirectUri);
  if (known) {
    return {
      clientId: known.client_id,
      clientSecret: decryptSecret(known.client_secret_enc, app.config.secret),
    };
  }
  const created = await registerApp(app.fetcher, instance, redirectUri, app.config.baseUrl);
  await insertMastodonApp(app.db.kysely, {
    instance_url: instance,
    redirect_uri: redirectUri,
    client_id: created.clientId,
    client_secret_enc: encryptSecret(created.clientSecret, app.config.secret),
    created_at: app.clock.now().getTime(),
  });
  return created;
}

export interface MastodonAuthorization {
  /** The page to open in a browser. */
  authorizeUrl: string;
  /** Pass back to `finishMastodonConnect` with the code (the callback route does it itself). */
  state: string;
  instance: string;
  redirectUri: string;
}

/**
 * Starts connecting an account: registers the app if needed and returns the authorisation
 * page. `oob` makes the instance show the code instead of redirecting (the CLI).
 */
export async function startMastodonConnect(
  app: App,
  userId: number,
  instanceInput: string,
  options: { oob?: boolean } = {},
): Promise<MastodonAuthorization> {
  const instance = normaliseInstance(instanceInput);
  const redirectUri = mastodonRedirectUri(app, options.oob ?? false);
  const { clientId } = await appCredentials(app, instance, redirectUri);
  const state = randomBytes(24).toString('base64url');
  const now = app.clock.now().getTime();
  await deleteOauthStatesBefore(app.db.kysely, now - STATE_TTL_MS);
  await insertOauthState(app.db.kysely, {
    user_id: userId,
    state_hash: sha256Hex(state),
    provider: 'mastodon',
    instance_url: instance,
    redirect_uri: redirectUri,
    created_at: now,
  });
  return {
    authorizeUrl: authorizeUrl(instance, clientId, redirectUri, state),
    state,
    instance,
    redirectUri,
  };
}

export interface ConnectResult {
  source: SourceView;
  created: boolean;
  itemsAdded: number;
}

/**
 * Finishes an authorisation with the code the instance gave: exchanges it for a token (used
 * once: the state is consumed), identifies the account and stores it as a source.
 */
export async function finishMastodonConnect(
  app: App,
  state: string,
  code: string,
): Promise<ConnectResult> {
  const now = app.clock.now().getTime();
  const pending = await takeOauthState(app.db.kysely, sha256Hex(state), 'mastodon');
  if (!pending || pending.created_at < now - STATE_TTL_MS) {
    throw invalid(
      'mastodon: this authorisation is unknown or expired; start connecting again',
      'error.mastodon.expired',
    );
  }
  const credentials = await appCredentials(app, pending.instance_url, pending.redirect_uri);
  const token = await exchangeCode(app.fetcher, pending.instance_url, {
    ...credentials,
    redirectUri: pending.redirect_uri,
    code: code.trim(),
  });
  return await connectMastodonWithToken(app, pending.user_id, pending.instance_url, token);
}

/** Connects an account with an access token the user already has. */
export async function connectMastodonWithToken(
  app: App,
  userId: number,
  instanceInput: string,
  token: string,
): Promise<ConnectResult> {
  const instance = normaliseInstance(instanceInput);
  const self = await verifyCredentials(
    app.fetcher,
    instance,
    token.trim(),
    app.clock.now().getTime(),
  );
  const { source, created } = await saveAccount(app, userId, instance, self, token.trim());
  const refreshed = await refreshSource(app, source);
  const row = (await findSourceById(app.db.kysely, source.id)) ?? source;
  return { source: toSourceView(row), created, itemsAdded: refreshed.inserted.length };
}

async function saveAccount(
  app: App,
  userId: number,
  instance: string,
  self: MastoSelf,
  token: string,
): Promise<{ source: SourceRow; created: boolean }> {
  const url = self.url ?? `${instance}/@${self.username}`;
  const config: MastodonConfig = {
    instance,
    accountId: self.id,
    acct: self.acct,
    token: encryptSecret(token, app.config.secret),
  };
  const existing = await findSourceByUrl(app.db.kysely, userId, 'mastodon', url);
  if (existing) {
    // Reconnecting: a new token, errors forgotten, the cursors kept.
    await updateSource(app.db.kysely, userId, existing.id, {
      config: JSON.stringify(config),
      enabled: 1,
      error_count: 0,
      last_error: null,
      disabled_reason: null,
    });
    const row = await findSourceByUrl(app.db.kysely, userId, 'mastodon', url);
    return { source: row ?? existing, created: false };
  }
  const host = new URL(instance).host;
  const source = await insertSource(app.db.kysely, {
    user_id: userId,
    kind: 'mastodon',
    name: `@${self.username}@${host}`,
    url,
    site_url: instance,
    config: JSON.stringify(config),
    interval_minutes: Math.min(app.config.fetch.intervalMinutes, 15),
    next_check_at: app.clock.now().getTime(),
    created_at: app.clock.now().getTime(),
  });
  return { source, created: true };
}
