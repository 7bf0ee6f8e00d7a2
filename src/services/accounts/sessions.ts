import {
  deleteSessionByHash,
  deleteUserSessions,
  findSessionByHash,
  insertSession,
  touchSession,
} from '../../db/repos/sessions.ts';
import type { UserRow } from '../../db/schema.ts';
import { randomToken, sha256Hex } from '../../lib/crypto.ts';
import type { App } from '../app.ts';

/** Sessions last 30 days from the last visit. */
export const SESSION_DAYS = 30;
const DAY = 86_400_000;

export interface SessionInfo {
  id: number;
  user: UserRow;
  csrf: string;
}

/** Starts a session; returns the cookie value (only its hash is stored). */
export async function createSession(
  app: App,
  userId: number,
  userAgent: string | null,
): Promise<{ token: string; csrf: string }> {
  const token = randomToken('cps');
  const csrf = randomToken('csrf', 24);
  const now = app.clock.now().getTime();
  await insertSession(app.db.kysely, {
    user_id: userId,
    token_hash: sha256Hex(token),
    csrf_token: csrf,
    created_at: now,
    expires_at: now + SESSION_DAYS * DAY,
    last_seen_at: now,
    user_agent: userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrf };
}

/** The session of a cookie value, if it is valid; extends it (sliding expiry, hourly writes). */
export async function findSession(
  app: App,
  token: string | undefined,
): Promise<SessionInfo | null> {
  if (!token?.startsWith('cps_') || token.length > 100) return null;
  const now = app.clock.now().getTime();
  const row = await findSessionByHash(app.db.kysely, sha256Hex(token));
  if (!row || row.expires_at < now) return null;
  if (now - row.last_seen_at > 3_600_000) {
    await touchSession(app.db.kysely, row.session_id, now, now + SESSION_DAYS * DAY);
  }
  const { session_id, csrf_token, expires_at: _e, last_seen_at: _l, ...user } = row;
  return { id: session_id, user, csrf: csrf_token };
}

export async function deleteSession(app: App, token: string): Promise<void> {
  await deleteSessionByHash(app.db.kysely, sha256Hex(token));
}

/** Logs the user out everywhere (every browser and device). */
export async function deleteAllSessions(app: App, userId: number): Promise<number> {
  return await deleteUserSessions(app.db.kysely, userId);
}
