import { deleteApiToken, listApiTokens } from '../../db/repos/api-tokens.ts';
import { listUsers, updateUser } from '../../db/repos/users.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import { updateProfile } from './accounts.ts';
import { createApiToken } from './api-tokens.ts';
import type { User } from './user.ts';
import { parseUserSettings } from './user-settings.ts';

/** An API token as the settings page lists it (never the token itself). */
export interface TokenView {
  id: number;
  label: string | null;
  /** Epoch milliseconds, or null when it was never used. */
  lastUsedAt: number | null;
}

/**
 * The user's API tokens, oldest first.
 *
 * @example (await listTokens(app, user.id)).map((t) => t.label)
 */
export async function listTokens(app: App, userId: number): Promise<TokenView[]> {
  const rows = await listApiTokens(app.db.kysely, userId);
  return rows.map((row) => ({ id: row.id, label: row.label, lastUsedAt: row.last_used_at }));
}

/**
 * Creates an API token for the user; the token is returned once and only its hash is kept.
 *
 * @example const token = await createToken(app, user.id, 'cron') // 'cpt_…'
 */
export async function createToken(app: App, userId: number, label: string | null): Promise<string> {
  return (await createApiToken(app.db.kysely, app.clock, userId, label)).token;
}

/**
 * Revokes one of the user's API tokens.
 *
 * @example await revokeToken(app, user.id, 3) // NotFoundError when it is not theirs
 */
export async function revokeToken(app: App, userId: number, id: number): Promise<void> {
  if (!(await deleteApiToken(app.db.kysely, userId, id)))
    throw new NotFoundError(`token: no token ${id}`);
}

/**
 * Every account of the instance, in the order they were created (the admin's list).
 *
 * @example (await listAccounts(app)).map((u) => u.email)
 */
export async function listAccounts(app: App): Promise<User[]> {
  return await listUsers(app.db.kysely);
}

/**
 * Saves the settings form: language and time zone (checked), and the remote image preference;
 * other stored settings are kept. Returns the user as it is now.
 *
 * @example const updated = await saveSettings(app, user, { tz: 'UTC', locale: 'nl', images: 'block' })
 */
export async function saveSettings(
  app: App,
  user: User,
  input: { tz: string; locale: string; images: 'proxy' | 'block' },
): Promise<User> {
  await updateProfile(app, user, { tz: input.tz, locale: input.locale });
  const settings = JSON.stringify({ ...parseUserSettings(user.settings), images: input.images });
  await updateUser(app.db.kysely, user.id, { settings });
  return { ...user, tz: input.tz, locale: input.locale, settings };
}
