/**
 * A test app served over real HTTP with one user and an intake token: what every push intake
 * test starts from.
 */
import type { DialectName } from '../../src/db/connect.ts';
import type { Clock } from '../../src/domain/types.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import { intakeService } from '../../src/services/intake/intake.ts';
import { createIntakeToken } from '../../src/services/intake/intake-tokens.ts';
import { openTestApp, type TestApp } from './db.ts';
import { type RunningHttp, serveHttpApp } from './http-app.ts';

export interface IntakeWorld {
  t: TestApp;
  http: RunningHttp;
  /** The admin's id, whose token `token` is. */
  userId: number;
  token: string;
  close(): Promise<void>;
}

/**
 * Opens the app, serves it, and creates an intake token labelled `label`; `rateLimit` replaces
 * the token's default rate (bursts of 600) for tests that send more at once.
 *
 * @example const w = await startIntakeWorld('sqlite', { rateLimit: { burst: 10_000, perSecond: 10_000 } });
 */
export async function startIntakeWorld(
  dialect: DialectName,
  options: {
    clock?: Clock;
    label?: string;
    rateLimit?: { burst: number; perSecond: number };
  } = {},
): Promise<IntakeWorld> {
  const t = await openTestApp(dialect, options.clock ? { clock: options.clock } : {});
  if (options.rateLimit) intakeService(t.app, { rateLimit: options.rateLimit });
  const http = await serveHttpApp(t.app);
  const userId = (await resolveUser(t.app.db.kysely, undefined)).id;
  const token = (await createIntakeToken(t.app, userId, options.label ?? 'phone')).token;
  return {
    t,
    http,
    userId,
    token,
    async close() {
      await http.close();
      await t.cleanup();
    },
  };
}
