import type { User } from '../services/accounts/user.ts';

/** Hono context variables set by the auth middleware. */
export interface ApiEnv {
  Variables: {
    user: User;
  };
}
