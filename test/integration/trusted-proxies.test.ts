/**
 * Login throttling behind a reverse proxy (issue "Hardening" 5): the client is the address a
 * trusted proxy (CHECKPOINT_TRUSTED_PROXIES, default loopback) names in X-Forwarded-For, so one
 * client's failures lock out that client alone, never everyone behind the proxy; a header from
 * an untrusted peer, or the part of it the client wrote itself, is not believed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { completeSetup } from '../../src/services/accounts/accounts.ts';
import { openTestApp, type TestApp } from '../helpers/db.ts';
import { HttpSession, PASSWORD } from '../helpers/e2e.ts';
import { type RunningHttp, serveHttpApp } from '../helpers/http-app.ts';

const ADMIN = 'admin@example.org';
const ATTACKER = '203.0.113.5';
const USER_ADDRESS = '198.51.100.7';

describe('login throttling behind a reverse proxy', () => {
  let t: TestApp;
  let http: RunningHttp;

  async function start(env: Record<string, string> = {}) {
    t = await openTestApp('sqlite', { env });
    await completeSetup(t.app, {
      email: ADMIN,
      password: PASSWORD,
      tz: 'UTC',
      locale: 'en',
      suggestedRule: false,
    });
    http = await serveHttpApp(t.app);
  }
  afterEach(async () => {
    await http?.close();
    await t?.cleanup();
  });

  /** A login through the proxy, which says the request came from `forwardedFor`. */
  async function loginVia(forwardedFor: string, email: string, password: string) {
    const session = new HttpSession(http.url);
    await session.openPublicPage('/login');
    return await session.request('POST', '/login', {
      form: { email, password, next: '/checkpoint' },
      headers: { 'x-forwarded-for': forwardedFor },
    });
  }

  /** 20 failures from one client (the per-address limit), each for another e-mail. */
  async function attack(forwardedFor: string) {
    for (let i = 0; i < 20; i++) {
      const res = await loginVia(forwardedFor, `guess${i}@example.org`, 'wrong');
      expect(res.status, `attempt ${i}`).toBe(422);
    }
  }

  it('by default (a local proxy) the attacker is locked out and the user still logs in', async () => {
    await start();
    await attack(ATTACKER);
    expect((await loginVia(ATTACKER, ADMIN, PASSWORD)).status).toBe(429);
    expect((await loginVia(USER_ADDRESS, ADMIN, PASSWORD)).status).toBe(303);
  });

  it('what the client prepends to X-Forwarded-For is not believed: the proxy’s last entry is', async () => {
    await start();
    // Each request claims a new address in front; nginx appends the real one.
    for (let i = 0; i < 20; i++) {
      const res = await loginVia(`10.9.9.${i}, ${ATTACKER}`, `guess${i}@example.org`, 'wrong');
      expect(res.status).toBe(422);
    }
    expect((await loginVia(`10.9.9.99, ${ATTACKER}`, ADMIN, PASSWORD)).status).toBe(429);
    expect((await loginVia(USER_ADDRESS, ADMIN, PASSWORD)).status).toBe(303);
  });

  it('from an untrusted peer the header is ignored: the socket address counts', async () => {
    await start({ CHECKPOINT_TRUSTED_PROXIES: '10.0.0.0/8' });
    await attack(ATTACKER);
    // Everyone arrives from 127.0.0.1, which is not a trusted proxy here: one address, locked.
    expect((await loginVia(USER_ADDRESS, ADMIN, PASSWORD)).status).toBe(429);
  });
});
