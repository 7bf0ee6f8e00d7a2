import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/domain/types.ts';
import { listItemViews } from '../../src/services/items/items.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, type TestApp } from '../helpers/db.ts';
import type { RunningHttp } from '../helpers/http-app.ts';
import { type IntakeWorld, startIntakeWorld } from '../helpers/intake-world.ts';

/** Every test here sends more at once than a token's default burst. */
const FAST = { burst: 10_000, perSecond: 10_000 };

/**
 * Odd input from one sender fails that message alone (or nothing at all): absurd times, broken
 * multipart bodies. Found by an outside probe (issue "Hardening", items 2 and 3).
 */
describe.each(DIALECTS)('push intake with odd input on %s', (dialect) => {
  const NOW = '2026-03-02T07:00:00.000Z';
  let t: TestApp;
  let http: RunningHttp;
  let token: string;
  let userId: number;
  let world: IntakeWorld;

  beforeAll(async () => {
    world = await startIntakeWorld(dialect, { clock: new TestClock(NOW), rateLimit: FAST });
    ({ t, http, token, userId } = world);
  });
  afterAll(async () => await world.close());

  const send = (path: string, init: RequestInit = {}) => fetch(`${http.url}${path}`, init);
  const items = async (): Promise<Item[]> => await listItemViews(t.app, userId, { limit: 5000 });

  it('200 concurrent webhook posts, one with "timestamp": 1e300: all are stored, that one at its arrival time', async () => {
    const before = (await items()).length;
    const bodies = Array.from({ length: 200 }, (_, i) =>
      i === 137
        ? '{"title": "absurd clock", "message": "m", "timestamp": 1e300}'
        : JSON.stringify({ title: `burst ${i}`, message: 'm', timestamp: 1767225600 + i }),
    );
    const answers = await Promise.all(
      bodies.map((body) =>
        send('/intake/webhook/burst', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 200));
    const after = await items();
    expect(after.length - before).toBe(200);
    const absurd = after.find((item) => item.title === 'absurd clock');
    expect(absurd?.publishedAt).toBe(NOW);
    expect(after.find((item) => item.title === 'burst 5')?.publishedAt).toBe(
      '2026-01-01T00:00:05.000Z',
    );
  });

  it('Pushover with timestamp=99999999999999999 is stored with its arrival time', async () => {
    const res = await send('/intake/pushover/1/messages.json', {
      method: 'POST',
      body: new URLSearchParams({
        token,
        user: 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG',
        message: 'far future',
        title: 'Far future',
        timestamp: '99999999999999999',
      }),
    });
    expect(res.status).toBe(200);
    const stored = (await items()).find((item) => item.title === 'Far future');
    expect(stored?.publishedAt).toBe(NOW);
  });

  it('a broken multipart body is a 400 that says so, and stores nothing', async () => {
    const before = (await items()).length;
    const res = await send('/intake/gotify/message', {
      method: 'POST',
      headers: {
        'x-gotify-key': token,
        'content-type': 'multipart/form-data; boundary=XYZ',
      },
      body: '--XYZ\r\nContent-Disposition: form-data; name="message"\r\n\r\nno end boundary',
    });
    expect(res.status).toBe(400);
    const error = ((await res.json()) as { error: { code: string; message: string } }).error;
    expect(error.message).toContain('malformed multipart/form-data');
    expect((await items()).length).toBe(before);
  });
});

describe.each(DIALECTS)('a message the database refuses fails alone, on %s', (dialect) => {
  let t: TestApp;
  let http: RunningHttp;
  let token: string;
  let userId: number;
  let world: IntakeWorld;

  beforeAll(async () => {
    world = await startIntakeWorld(dialect, { rateLimit: FAST });
    ({ t, http, token, userId } = world);
  });
  afterAll(async () => await world.close());

  it('50 concurrent posts, one with a NUL byte in every field: the other 49 are stored', async () => {
    const bodies = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify(
        i === 17
          ? { title: 'nul\u0000title', message: 'nul\u0000body', from: 'a\u0000b' }
          : { title: `neighbour ${i}`, message: 'm' },
      ),
    );
    const answers = await Promise.all(
      bodies.map((body) =>
        fetch(`${http.url}/intake/webhook/nul`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s, i) => i !== 17 && s !== 200)).toEqual([]);
    const items = await listItemViews(t.app, userId, { limit: 100 });
    const titles = new Set(items.map((item) => item.title));
    for (let i = 0; i < 50; i++) if (i !== 17) expect(titles.has(`neighbour ${i}`)).toBe(true);
    // The odd one is stored (NUL removed) or refused on its own — never half-stored.
    const odd = items.filter((item) => item.title?.startsWith('nul'));
    expect(odd.length).toBe(statuses[17] === 200 ? 1 : 0);
  });
});
