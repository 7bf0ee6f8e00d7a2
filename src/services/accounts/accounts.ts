import { transaction } from '../../db/connect.ts';
import {
  findInviteByHash,
  insertInvite,
  markInviteUsed,
  setInviteUser,
} from '../../db/repos/invites.ts';
import {
  countLoginFailures,
  deleteLoginFailures,
  deleteLoginFailuresBefore,
  insertLoginFailures,
} from '../../db/repos/login-attempts.ts';
import { findFirstAdmin, findUserByEmail, insertUser, updateUser } from '../../db/repos/users.ts';
import type { UserRow } from '../../db/schema.ts';
import {
  AuthError,
  CheckpointError,
  ConflictError,
  invalid,
  NotFoundError,
  ValidationError,
} from '../../domain/errors.ts';
import { SUGGESTED_RULE } from '../../domain/rules.ts';
import { isTimeZone } from '../../domain/schedule.ts';
import { hashPassword, randomToken, sha256Hex, verifyPassword } from '../../lib/crypto.ts';
import type { App } from '../app.ts';
import { addRule } from '../checkpoints/rules.ts';
import { ensureSchedule } from '../checkpoints/schedules.ts';
import { deleteAllSessions } from './sessions.ts';
import { normaliseEmail } from './users.ts';

export const LOCALES = ['en', 'nl'] as const;
const MIN_PASSWORD = 10;
const WINDOW_MS = 15 * 60_000;
const MAX_PER_EMAIL = 5;
const MAX_PER_IP = 20;

/** Too many failed logins: HTTP 429. */
export class RateLimitError extends CheckpointError {
  constructor(message: string) {
    super('rate_limited', message);
  }
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD)
    throw invalid(
      `account: the password needs at least ${MIN_PASSWORD} characters`,
      'error.password.short',
      { min: MIN_PASSWORD },
    );
  if (password.length > 1000)
    throw invalid('account: the password is too long', 'error.password.long');
}

function checkProfile(input: { tz: string; locale: string }): void {
  if (!isTimeZone(input.tz))
    throw invalid(`account: "${input.tz}" is not a time zone`, 'error.timeZone', { tz: input.tz });
  if (!(LOCALES as readonly string[]).includes(input.locale))
    throw new ValidationError(`account: unsupported language "${input.locale}"`);
}

/** True while the admin created at first start has no password: the web UI shows setup. */
export async function needsSetup(app: App): Promise<boolean> {
  const admin = await findFirstAdmin(app.db.kysely);
  return !admin || admin.password_hash === null;
}

/**
 * First-run setup: sets the admin's e-mail, password, time zone and language, and adds the
 * suggested breakthrough rule when asked (an ordinary rule the user can change).
 */
export async function completeSetup(
  app: App,
  input: { email: string; password: string; tz: string; locale: string; suggestedRule: boolean },
): Promise<UserRow> {
  const admin = await findFirstAdmin(app.db.kysely);
  if (!admin || admin.password_hash !== null)
    throw new ConflictError('setup: Checkpoint is already set up');
  const email = normaliseEmail(input.email);
  checkPassword(input.password);
  checkProfile(input);
  const passwordHash = await hashPassword(input.password);
  await updateUser(app.db.kysely, admin.id, {
    email,
    password_hash: passwordHash,
    tz: input.tz,
    locale: input.locale,
  });
  await ensureSchedule(app.db.kysely, admin.id, app.clock.now().getTime());
  if (input.suggestedRule) await addRule(app, admin.id, SUGGESTED_RULE);
  return (await findUserByEmail(app.db.kysely, email))!;
}

async function recentFailures(app: App, key: string, now: number): Promise<number> {
  return await countLoginFailures(app.db.kysely, key, now - WINDOW_MS);
}

/** The throttling keys of one attempt: the e-mail, the e-mail from this address, the address. */
function attemptKeys(email: string, ip: string) {
  return { email: `email:${email}`, pair: `email-ip:${email}|${ip}`, ip: `ip:${ip}` };
}

/**
 * Whether an attempt may be checked at all. Failures count per e-mail, per e-mail and address,
 * and per address, in 15 minutes:
 * - an address is refused after 20 failures, whatever the e-mail;
 * - an address is refused for an e-mail after 5 failures for it;
 * - once an e-mail has 5 failures from anywhere, an address that has failed for it even once
 *   is refused — but an address that has not failed still gets its try.
 * So guessing someone's password costs one address per guess once they are under attack,
 * while their own right password from their own device still logs them in: failures made by
 * someone else cannot lock a user out.
 */
async function mayAttempt(app: App, keys: ReturnType<typeof attemptKeys>, now: number) {
  if ((await recentFailures(app, keys.ip, now)) >= MAX_PER_IP) return false;
  const pair = await recentFailures(app, keys.pair, now);
  if (pair >= MAX_PER_EMAIL) return false;
  return pair === 0 || (await recentFailures(app, keys.email, now)) < MAX_PER_EMAIL;
}

/**
 * Checks e-mail and password; the answer never says which of the two was wrong. Failed attempts
 * are throttled as `mayAttempt` explains (HTTP 429).
 */
export async function login(
  app: App,
  emailInput: string,
  password: string,
  ip: string,
): Promise<UserRow> {
  const now = app.clock.now().getTime();
  const email = emailInput.trim().toLowerCase();
  const keys = attemptKeys(email, ip);
  if (!(await mayAttempt(app, keys, now))) {
    throw new RateLimitError('login: too many failed attempts; try again in 15 minutes');
  }
  const user = await findUserByEmail(app.db.kysely, email);
  const ok = user?.password_hash ? await verifyPassword(password, user.password_hash) : false;
  if (!user || !ok) {
    await insertLoginFailures(app.db.kysely, [keys.email, keys.pair, keys.ip], now);
    await deleteLoginFailuresBefore(app.db.kysely, now - 24 * 3_600_000);
    throw new AuthError('login: wrong e-mail address or password');
  }
  // This address proved itself; the e-mail's own count stays, so other addresses that failed
  // remain refused until the window passes.
  await deleteLoginFailures(app.db.kysely, keys.pair);
  return user;
}

/** Changes the password after checking the current one; other sessions are logged out. */
export async function changePassword(
  app: App,
  user: UserRow,
  current: string,
  next: string,
): Promise<void> {
  if (!user.password_hash || !(await verifyPassword(current, user.password_hash))) {
    throw invalid('account: the current password is not right', 'error.password.current');
  }
  checkPassword(next);
  await updateUser(app.db.kysely, user.id, { password_hash: await hashPassword(next) });
  await deleteAllSessions(app, user.id);
}

/** Changes language and time zone. */
export async function updateProfile(
  app: App,
  user: UserRow,
  input: { tz: string; locale: string },
): Promise<void> {
  checkProfile(input);
  await updateUser(app.db.kysely, user.id, { tz: input.tz, locale: input.locale });
}

const INVITE_DAYS = 7;

/** An admin invites someone: a one-time link valid for 7 days. */
export async function createInvite(
  app: App,
  admin: UserRow,
  role: 'admin' | 'member' = 'member',
): Promise<{ url: string; expiresAt: string }> {
  if (admin.role !== 'admin') throw new AuthError('invite: only admins can invite');
  const token = randomToken('inv', 24);
  const now = app.clock.now().getTime();
  const expires = now + INVITE_DAYS * 86_400_000;
  await insertInvite(app.db.kysely, {
    created_by: admin.id,
    token_hash: sha256Hex(token),
    role,
    created_at: now,
    expires_at: expires,
  });
  return {
    url: `${app.config.baseUrl}/invite/${token}`,
    expiresAt: new Date(expires).toISOString(),
  };
}

/** Is this invite link still good? */
export async function findInvite(
  app: App,
  token: string,
): Promise<{ id: number; role: 'admin' | 'member' }> {
  const row = await findInviteByHash(app.db.kysely, sha256Hex(token));
  if (!row || row.used_at !== null || row.expires_at < app.clock.now().getTime()) {
    throw new NotFoundError('invite: this invite link is not valid (used or expired)');
  }
  return { id: row.id, role: row.role };
}

/** Accepts an invite: creates the account once. */
export async function acceptInvite(
  app: App,
  token: string,
  input: { email: string; password: string; tz: string; locale: string },
): Promise<UserRow> {
  const invite = await findInvite(app, token);
  const email = normaliseEmail(input.email);
  checkPassword(input.password);
  checkProfile(input);
  if (await findUserByEmail(app.db.kysely, email))
    throw new ConflictError(`account: ${email} already has an account`);
  const passwordHash = await hashPassword(input.password);
  const now = app.clock.now().getTime();
  return await transaction(app.db, async (trx) => {
    if (!(await markInviteUsed(trx, invite.id, now)))
      throw new NotFoundError('invite: this invite link was just used');
    const user = await insertUser(trx, {
      email,
      role: invite.role,
      tz: input.tz,
      locale: input.locale,
      password_hash: passwordHash,
      created_at: now,
    });
    await setInviteUser(trx, invite.id, user.id);
    await ensureSchedule(trx, user.id, now);
    return user;
  });
}
