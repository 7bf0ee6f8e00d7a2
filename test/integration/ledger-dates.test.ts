/**
 * Ledger dates are real days: `to=2026-13-01` or `from=2026-02-31` are refused with a 400 that
 * names the value, never a 500 or a row for a day that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCalendarDate } from '../../src/domain/calendar-date.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { ledgerDays } from '../../src/services/checkpoints/ledger.ts';
import { openWorld, type World } from '../helpers/checkpoint-world.ts';
import { type RunningHttp, serveHttpApp } from '../helpers/http-app.ts';

describe('isCalendarDate', () => {
  it.each([
    ['2026-02-28', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-02-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-04-31', false],
    ['0000-01-01', false],
    ['2026-2-1', false],
    ['2026-02-01T00:00', false],
  ])('%s → %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});

describe.each(['sqlite', 'postgres'] as const)('ledger dates on %s', (dialect) => {
  let w: World;
  let http: RunningHttp;
  let token: string;

  beforeAll(async () => {
    w = await openWorld(dialect);
    http = await serveHttpApp(w.app);
    token = (await createApiToken(w.app.db.kysely, w.app.clock, w.user.id, 'test')).token;
  });
  afterAll(async () => {
    await http?.close();
    await w?.cleanup();
  });

  const ledger = (query: string) =>
    fetch(`${http.url}/api/v1/ledger?${query}`, { headers: { authorization: `Bearer ${token}` } });

  it.each(['to=2026-13-01', 'from=2026-02-31', 'from=2026-02-30&to=2026-03-02', 'to=yesterday'])(
    'GET /api/v1/ledger?%s is a 400 that says what a day looks like',
    async (query) => {
      const res = await ledger(query);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.message).toContain('2026-03-02');
    },
  );

  it('a real range answers one row per day, leap days included', async () => {
    const res = await ledger('from=2024-02-28&to=2024-03-01');
    expect(res.status).toBe(200);
    const rows = (await res.json()) as { date: string }[];
    expect(rows.map((r) => r.date)).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
  });

  it('the service refuses an impossible day itself', async () => {
    await expect(ledgerDays(w.app, w.user, '2026-02-31', '2026-03-01')).rejects.toThrow(
      ValidationError,
    );
    await expect(ledgerDays(w.app, w.user, '2026-03-01', '2026-13-01')).rejects.toThrow(
      /"2026-13-01" is not a day/,
    );
  });
});
