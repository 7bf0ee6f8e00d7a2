/**
 * A user account as the layers above the services see it (http, cli): the same fields as a
 * `users` row, declared here so that pages and routes need no import from src/db. Rows
 * returned by the repositories are assignable to it, and it to them.
 */
export interface User {
  id: number;
  email: string;
  name: string | null;
  role: 'admin' | 'member';
  /** IANA time zone, e.g. `Europe/Amsterdam`. */
  tz: string;
  locale: string;
  password_hash: string | null;
  created_at: number;
  /** JSON text; read it with `parseUserSettings` (user-settings.ts). */
  settings: string;
}
