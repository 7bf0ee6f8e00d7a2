import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { ledgerDays } from '../../src/services/checkpoints/ledger.ts';
import { DAY, draft, openWorld, type World } from '../helpers/checkpoint-world.ts';
import { DIALECTS } from '../helpers/db.ts';

/** DESIGN.md "would-push defaults", and the per-source override through the API. */
describe.each(DIALECTS)('would-push on %s', (dialect) => {
  let w: World;
  afterEach(async () => {
    await w?.cleanup();
  });

  const items = async () =>
    await w.app.db.kysely
      .selectFrom('items')
      .select(['external_id', 'would_push'])
      .orderBy('external_id')
      .execute();

  it('follows the defaults: pushes and notifications yes, feeds and timeline posts no', async () => {
    w = await openWorld(dialect);
    const feed = await w.source('Blog', 'feed');
    const phone = await w.source('Phone', 'ntfy');
    const masto = await w.source('Masto', 'mastodon');
    await w.ingest(feed, [draft('a-feed', 'An article')]);
    await w.ingest(phone, [draft('b-push', 'Ping', { kind: 'notification' })]);
    await w.ingest(masto, [
      draft('c-post', 'A toot', { kind: 'post' }),
      draft('d-mention', 'You were mentioned', { kind: 'mention' }),
    ]);
    expect(await items()).toEqual([
      { external_id: 'a-feed', would_push: 0 },
      { external_id: 'b-push', would_push: 1 },
      { external_id: 'c-post', would_push: 0 },
      { external_id: 'd-mention', would_push: 1 },
    ]);
    expect((await ledgerDays(w.app, w.user, DAY, DAY))[0]).toMatchObject({ pushesReceived: 2 });
  });

  it('lets the user override a source, and back to the default with null', async () => {
    w = await openWorld(dialect);
    const http = createHttpApp(w.app);
    const { token } = await createApiToken(w.app.db.kysely, w.app.clock, w.user.id, 't');
    const patch = async (id: number, body: unknown) =>
      await http.request(`/api/v1/sources/${id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // Ingest reads the source row as it is now, as a fetch or an intake request does.
    const fresh = async (id: number) =>
      await w.app.db.kysely
        .selectFrom('sources')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const { id: phone } = await w.source('Phone', 'ntfy');
    const { id: feed } = await w.source('Blog', 'feed');
    expect((await patch(phone, { wouldPush: false })).status).toBe(200);
    expect((await patch(feed, { wouldPush: true })).status).toBe(200);
    await w.ingest(await fresh(phone), [draft('a-quiet', 'Ping', { kind: 'notification' })]);
    await w.ingest(await fresh(feed), [draft('b-loud', 'Breaking')]);
    // Only the cadence changes: the override stays.
    expect((await patch(feed, { cadence: 'daily' })).status).toBe(200);
    expect((await patch(phone, { wouldPush: null })).status).toBe(200);
    await w.ingest(await fresh(phone), [
      draft('c-default', 'Ping again', { kind: 'notification' }),
    ]);
    await w.ingest(await fresh(feed), [draft('d-still-loud', 'Breaking again')]);
    expect(await items()).toEqual([
      { external_id: 'a-quiet', would_push: 0 },
      { external_id: 'b-loud', would_push: 1 },
      { external_id: 'c-default', would_push: 1 },
      { external_id: 'd-still-loud', would_push: 1 },
    ]);
    expect((await ledgerDays(w.app, w.user, DAY, DAY))[0]).toMatchObject({ pushesReceived: 3 });
  });
});
