/**
 * The checkpoint page a new user meets, at the service, API and CLI level, on both databases:
 * the first checkpoint is offered exactly once and is a real checkpoint; Done says what the
 * items came to, twice says it was already done, and can be undone; Later's "dismiss older
 * than" and "start fresh" can be undone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import {
  checkpointDigest,
  finishCheckpoint,
  pull,
  undoDone,
} from '../../src/services/checkpoints/checkpoints.ts';
import {
  buildFirstCheckpoint,
  firstCheckpointOffer,
} from '../../src/services/checkpoints/first-checkpoint.ts';
import {
  dismissOlderThan,
  laterPage,
  startFresh,
  undoDismiss,
} from '../../src/services/checkpoints/later.ts';
import { setItemState } from '../../src/services/items/items.ts';
import { draft, openWorld, type World } from '../helpers/checkpoint-world.ts';
import { json, runCheckpoint } from '../helpers/cli.ts';
import { DIALECTS } from '../helpers/db.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(DIALECTS)('the first day at the checkpoint on %s', (dialect) => {
  let w: World;

  beforeEach(async () => {
    w = await openWorld(dialect);
  });
  afterEach(async () => {
    await w.cleanup();
  });

  /** The user's items with what the checkpoint page cares about. */
  const items = () =>
    w.app.db.kysely
      .selectFrom('items')
      .select(['id', 'title', 'seen_checkpoint_id', 'read_at', 'dismissed_at'])
      .where('user_id', '=', w.user.id)
      .orderBy('id')
      .execute();

  it('offers the first checkpoint once: a real checkpoint, then the usual holding', async () => {
    expect(await firstCheckpointOffer(w.app, w.user)).toBeNull();
    const blog = await w.source('Harbour Blog');
    await w.ingest(blog, [draft('a', 'Ferries run late'), draft('b', 'New quay opens')]);
    expect(await firstCheckpointOffer(w.app, w.user)).toBe(2);

    const first = await buildFirstCheckpoint(w.app, w.user);
    expect(first).toMatchObject({ itemCount: 2, doneAt: null });
    expect(first!.dueAt).toBe(w.clock.now().toISOString());
    // Counted as a checkpoint built (marked first), not as a pull; no notice went out.
    expect(await w.ledgerCount('checkpoint.built')).toBe(1);
    expect(await w.ledgerCount('pull')).toBe(0);
    expect(await w.ledgerCount('checkpoint.notice')).toBe(0);
    const built = await w.app.db.kysely
      .selectFrom('ledger_events')
      .select('data')
      .where('type', '=', 'checkpoint.built')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(built.data)).toEqual({ items: 2, first: true });

    // Once: neither a second click nor new items bring the offer back.
    expect(await buildFirstCheckpoint(w.app, w.user)).toBeNull();
    await finishCheckpoint(w.app, w.user, first!.id);
    await w.ingest(blog, [draft('c', 'Storm warning for the weekend')]);
    expect(await firstCheckpointOffer(w.app, w.user)).toBeNull();
    // The schedule goes on: the 12:30 checkpoint takes what arrived since.
    const [scheduled] = await w.buildAtDue();
    expect(scheduled!.checkpoint.itemCount).toBe(1);
  });

  it('an empty checkpoint built before anything arrived neither hides the offer nor the pull', async () => {
    const [empty] = await w.buildAtDue();
    expect(empty!.checkpoint.itemCount).toBe(0);
    const blog = await w.source('Harbour Blog');
    await w.ingest(blog, [draft('a', 'Ferries run late')]);
    expect(await firstCheckpointOffer(w.app, w.user)).toBe(1);
    const pulled = await pull(w.app, w.user);
    expect(pulled.checkpoint).toBeNull();
    expect(pulled.items.map((i) => i.title)).toEqual(['Ferries run late']);
  });

  it('Done sums up, twice says already done (service, API, CLI), and undo holds the items again', async () => {
    const blog = await w.source('Harbour Blog');
    await w.ingest(
      blog,
      ['a', 'b', 'c', 'd'].map((id) => draft(id, `Story ${id}`)),
    );
    const [built] = await w.buildAtDue();
    const id = built!.checkpoint.id;
    // Three per source: the fourth waits in Later.
    const { items: digest } = await checkpointDigest(w.app, w.user, id, { open: true });
    expect(digest).toHaveLength(3);
    const [a, b] = digest;
    await setItemState(w.app, w.user.id, a!.id, { read: true });
    await setItemState(w.app, w.user.id, b!.id, { dismissed: true });
    const seen = () =>
      items().then((all) => all.filter((i) => i.seen_checkpoint_id === id).map((i) => i.id));

    const done = await finishCheckpoint(w.app, w.user, id);
    expect(done.alreadyDone).toBe(false);
    expect(done.summary).toEqual({ read: 1, dismissed: 1, skipped: 1, later: 1 });
    expect(await seen()).toEqual(digest.map((i) => i.id).sort((x, y) => x - y));

    w.clock.set('2026-03-02T13:00:00Z');
    const again = await finishCheckpoint(w.app, w.user, id);
    expect(again.alreadyDone).toBe(true);
    expect(again.checkpoint.doneAt).toBe(done.checkpoint.doneAt);

    const { token } = await createApiToken(w.app.db.kysely, w.app.clock, w.user.id, 'test');
    const http = createHttpApp(w.app);
    const api = (path: string) =>
      http.request(`/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
    const answer = await api(`/checkpoints/${id}/done`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      id,
      itemCount: 3,
      doneAt: done.checkpoint.doneAt,
      alreadyDone: true,
      summary: { read: 1, dismissed: 1, skipped: 1, later: 1 },
    });

    const env = {
      CHECKPOINT_DATA_DIR: w.dataDir,
      CHECKPOINT_SECRET: 'test-secret-test-secret-test-secret-0123',
      ...(w.databaseUrl ? { CHECKPOINT_DATABASE_URL: w.databaseUrl } : {}),
    };
    const cli = await runCheckpoint(['done', String(id)], env);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stderr).toMatch(new RegExp(`^Checkpoint ${id} was already done \\(Mon 2 Mar `));

    // Undo (CLI): the items are held again as they were; read and dismissed stay.
    const undone = await runCheckpoint(['done', String(id), '--undo', '--json'], env);
    expect(undone.code, undone.stderr).toBe(0);
    expect(json(undone)).toMatchObject({ id, doneAt: null, undone: true });
    expect(await seen()).toEqual([]);
    const after = await items();
    expect(after.find((i) => i.id === a!.id)!.read_at).not.toBeNull();
    expect(after.find((i) => i.id === b!.id)!.dismissed_at).not.toBeNull();
    // The checkpoint is the current one again; undoing twice is a no-op that says so.
    expect((await pull(w.app, w.user)).checkpoint?.id).toBe(id);
    expect((await undoDone(w.app, w.user, id)).undone).toBe(false);
    const apiUndo = await api(`/checkpoints/${id}/undo`);
    expect(await apiUndo.json()).toMatchObject({ id, undone: false });
    expect((await finishCheckpoint(w.app, w.user, id)).alreadyDone).toBe(false);
  });

  it('Later pages, dismisses what is older than a week or everything, and undoes each', async () => {
    const now = w.clock.now().getTime();
    const blog = await w.source('Old Blog');
    await w.ingest(blog, [
      draft('y2016', 'From 2016', { publishedAt: new Date('2016-05-01T10:00:00Z') }),
      draft('d10', 'Ten days old', { publishedAt: new Date(now - 10 * DAY_MS) }),
      draft('d2', 'Two days old', { publishedAt: new Date(now - 2 * DAY_MS) }),
      draft('new', 'Fresh', { publishedAt: new Date(now - 60_000) }),
    ]);
    const [, , , fresh] = await items();
    await setItemState(w.app, w.user.id, fresh!.id, { dismissed: true });
    expect((await laterPage(w.app, w.user, { offset: 0, limit: 50 })).total).toBe(3);
    const second = await laterPage(w.app, w.user, { offset: 1, limit: 1 });
    expect(second).toMatchObject({ total: 3 });
    expect(second.items).toHaveLength(1);

    const older = await dismissOlderThan(w.app, w.user, new Date(now - 7 * DAY_MS));
    expect(older.count).toBe(2);
    const left = await laterPage(w.app, w.user, { offset: 0, limit: 50 });
    expect(left.items.map((i) => i.title)).toEqual(['Two days old']);

    // Start fresh in the same millisecond is a batch of its own.
    const fresh2 = await startFresh(w.app, w.user);
    expect(fresh2.count).toBe(1);
    expect(fresh2.batchId).not.toBe(older.batchId);
    expect((await laterPage(w.app, w.user, { offset: 0, limit: 50 })).total).toBe(0);

    expect(await undoDismiss(w.app, w.user, fresh2.batchId)).toEqual({ restored: 1 });
    expect(await undoDismiss(w.app, w.user, older.batchId)).toEqual({ restored: 2 });
    expect((await laterPage(w.app, w.user, { offset: 0, limit: 50 })).total).toBe(3);
    // What the user dismissed one by one stays dismissed.
    expect((await items())[3]!.dismissed_at).not.toBeNull();

    // The same over the API.
    const { token } = await createApiToken(w.app.db.kysely, w.app.clock, w.user.id, 'test');
    const http = createHttpApp(w.app);
    const api = async (path: string, body: unknown) => {
      const res = await http.request(`/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const byApi = await api('/later/dismiss', {
      olderThan: new Date(now - 7 * DAY_MS).toISOString(),
    });
    expect(byApi).toMatchObject({ status: 200, body: { count: 2 } });
    expect(await api('/later/undo', { batchId: byApi.body.batchId })).toEqual({
      status: 200,
      body: { restored: 2 },
    });
    expect((await api('/later/dismiss', { olderThan: 'last week' })).status).toBe(400);
    expect(await api('/later/dismiss', {})).toMatchObject({ status: 200, body: { count: 3 } });
  });
});
