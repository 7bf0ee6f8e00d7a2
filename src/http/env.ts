import type { UserRow } from '../db/schema.ts';

/** Hono context variables set by the auth middleware. */
export interface ApiEnv {
  Variables: {
    user: UserRow;
  };
}
