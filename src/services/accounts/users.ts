import type { Executor } from '../../db/connect.ts';
import { findFirstAdmin, findUserByEmail, insertUser, listUsers } from '../../db/repos/users.ts';
import type { UserRow } from '../../db/schema.ts';
import { ConflictError, invalid, NotFoundError } from '../../domain/errors.ts';
import type { Clock } from '../../domain/types.ts';

/** The e-mail of the admin created at first start, until setup sets a real one. */
export const INITIAL_ADMIN_EMAIL = 'admin@localhost';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Lower-cases and checks an e-mail address. */
export function normaliseEmail(email: string): string {
  const value = email.trim().toLowerCase();
  if (!EMAIL.test(value))
    throw invalid(`user: "${email}" is not an e-mail address`, 'error.email', { address: email });
  return value;
}

/**
 * Makes sure there is an admin: the first start creates one (no password yet; the web setup
 * page sets e-mail and password). Safe when the server and the CLI start at the same time.
 */
export async function ensureAdmin(db: Executor, clock: Clock): Promise<UserRow> {
  const admin = await findFirstAdmin(db);
  if (admin) return admin;
  try {
    return await insertUser(db, {
      email: INITIAL_ADMIN_EMAIL,
      role: 'admin',
      tz: 'UTC',
      locale: 'en',
      created_at: clock.now().getTime(),
    });
  } catch (error) {
    const raced = await findFirstAdmin(db);
    if (raced) return raced;
    throw error;
  }
}

export async function createUser(
  db: Executor,
  clock: Clock,
  input: { email: string; admin?: boolean; tz?: string; locale?: string; name?: string | null },
): Promise<UserRow> {
  const email = normaliseEmail(input.email);
  if (await findUserByEmail(db, email)) throw new ConflictError(`user: ${email} already exists`);
  return await insertUser(db, {
    email,
    name: input.name ?? null,
    role: input.admin ? 'admin' : 'member',
    tz: input.tz ?? 'UTC',
    locale: input.locale ?? 'en',
    created_at: clock.now().getTime(),
  });
}

/** The user the CLI acts as: `--user <email>`, else the first admin. */
export async function resolveUser(db: Executor, email: string | undefined): Promise<UserRow> {
  if (email) {
    const user = await findUserByEmail(db, email);
    if (!user) throw new NotFoundError(`user: no user ${email.toLowerCase()}`);
    return user;
  }
  const admin = await findFirstAdmin(db);
  if (!admin) throw new NotFoundError('user: there is no admin yet');
  return admin;
}

export { listUsers };
