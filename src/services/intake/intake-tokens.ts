import {
  deleteIntakeToken,
  findIntakeTokenByHash,
  type IntakeTokenRow,
  insertIntakeToken,
  listIntakeTokens,
  touchIntakeToken,
} from '../../db/repos/intake-tokens.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { newIntakeToken } from '../../intake/credentials.ts';
import { sha256Hex } from '../../lib/crypto.ts';
import type { App } from '../app.ts';

/** An intake token as `intake token list --json` and the API show it (never the secret). */
export interface IntakeTokenView {
  id: number;
  label: string | null;
  /** The first characters of the token, to recognise it. */
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function toIntakeTokenView(row: IntakeTokenRow): IntakeTokenView {
  return {
    id: row.id,
    label: row.label,
    hint: row.hint,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at).toISOString(),
  };
}

/**
 * Creates an intake token for every push shape; only its hash is stored, so it is shown once.
 *
 * @example const { token } = await createIntakeToken(app, user.id, 'phone'); // 'cpi…'
 */
export async function createIntakeToken(
  app: App,
  userId: number,
  label: string | null,
): Promise<{ token: string; view: IntakeTokenView }> {
  const token = newIntakeToken();
  const row = await insertIntakeToken(app.db.kysely, {
    user_id: userId,
    label: label?.trim() || null,
    token_hash: sha256Hex(token),
    hint: `${token.slice(0, 7)}…`,
    created_at: app.clock.now().getTime(),
  });
  return { token, view: toIntakeTokenView(row) };
}

export async function listIntakeTokenViews(app: App, userId: number): Promise<IntakeTokenView[]> {
  return (await listIntakeTokens(app.db.kysely, userId)).map(toIntakeTokenView);
}

/** Revokes a token: senders using it get 401 from then on. */
export async function revokeIntakeToken(app: App, userId: number, id: number): Promise<void> {
  if (!(await deleteIntakeToken(app.db.kysely, userId, id))) {
    throw new NotFoundError(`intake: no intake token ${id}`);
  }
  forget(app, id);
}

/** Authentications remembered per App: token → row, for `cacheMs`. */
const remembered = new WeakMap<App, Map<string, { row: IntakeTokenRow; at: number }>>();

/**
 * The token row of a presented token, or null; records its use (at most hourly). A token
 * found is remembered for `cacheMs` (so a burst of pushes costs one lookup); revoking it
 * through this App forgets it at once, other processes notice within `cacheMs`.
 */
export async function authenticateIntakeToken(
  app: App,
  token: string,
  cacheMs = 0,
): Promise<IntakeTokenRow | null> {
  const cache = remembered.get(app) ?? new Map<string, { row: IntakeTokenRow; at: number }>();
  remembered.set(app, cache);
  const hit = cache.get(token);
  if (hit && Date.now() - hit.at < cacheMs) return hit.row;
  const row = await findIntakeTokenByHash(app.db.kysely, sha256Hex(token));
  if (!row) return null;
  const now = app.clock.now().getTime();
  if (row.last_used_at === null || now - row.last_used_at > 3_600_000) {
    await touchIntakeToken(app.db.kysely, row.id, now);
    row.last_used_at = now;
  }
  if (cacheMs > 0) {
    if (cache.size > 10_000) cache.clear();
    cache.set(token, { row, at: Date.now() });
  }
  return row;
}

function forget(app: App, id: number): void {
  const cache = remembered.get(app);
  if (!cache) return;
  for (const [token, entry] of cache) if (entry.row.id === id) cache.delete(token);
}
