import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertPushSubscription } from '../../src/db/repos/push-subscriptions.ts';
import { DEFAULT_RULE_ACTION } from '../../src/domain/rules.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { emptyRuleForm } from '../../src/http/ui/pages/rule-form-state.ts';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { pull } from '../../src/services/checkpoints/checkpoints.ts';
import {
  addRule,
  getRule,
  saveNewRule,
  saveRuleEdit,
  undoRule,
} from '../../src/services/checkpoints/rules.ts';
import { userChannels } from '../../src/services/checkpoints/user-channels.ts';
import { setItemState } from '../../src/services/items/items.ts';
import { draft, openWorld, type World } from '../helpers/checkpoint-world.ts';
import { DIALECTS } from '../helpers/db.ts';

const MUTE_WEATHER = {
  name: 'No weather',
  when: [{ field: 'title', op: 'contains', value: 'rain' }],
  action: 'mute',
};

describe.each(DIALECTS)('rules applied to held items on %s', (dialect) => {
  let w: World;

  beforeEach(async () => {
    w = await openWorld(dialect);
    // One source each: the digest's per-source limit does not hide any of them.
    for (const [id, title] of [
      ['r1', 'Rain again on the quay'],
      ['r2', 'More rain tomorrow'],
      ['r3', 'Rain: a history'],
      ['f1', 'Ferry timetable changes'],
      ['f2', 'New harbour master'],
    ] as const) {
      await w.ingest(await w.source(`Blog ${id}`), [draft(id, title)]);
    }
  });
  afterEach(async () => {
    await w?.cleanup();
  });

  const titles = async () =>
    (await pull(w.app, w.user)).items.map((i) => i.title).sort((a, b) => a!.localeCompare(b!));
  const dismissed = async () =>
    (
      await w.app.db.kysely
        .selectFrom('items')
        .select('title')
        .where('dismissed_at', 'is not', null)
        .orderBy('title')
        .execute()
    ).map((r) => r.title);

  it('a mute made after the items arrived takes them out of the next pull; undo brings them back', async () => {
    expect(await titles()).toHaveLength(5);
    // One of them is read already: it is not held, so the mute leaves it alone.
    const read = await w.app.db.kysely
      .selectFrom('items')
      .select('id')
      .where('title', '=', 'Rain: a history')
      .executeTakeFirstOrThrow();
    await setItemState(w.app, w.user.id, read.id, { read: true });

    const saved = await saveNewRule(w.app, w.user.id, MUTE_WEATHER);
    expect(saved.applied).toBe(2);
    expect(await dismissed()).toEqual(['More rain tomorrow', 'Rain again on the quay']);
    expect(await titles()).toEqual(['Ferry timetable changes', 'New harbour master']);

    const undone = await undoRule(w.app, w.user.id, saved.rule.id);
    expect(undone).toEqual({ ruleId: saved.rule.id, removed: true, restored: 2 });
    expect(await dismissed()).toEqual([]);
    expect(await titles()).toEqual([
      'Ferry timetable changes',
      'More rain tomorrow',
      'New harbour master',
      'Rain again on the quay',
    ]);
    await expect(getRule(w.app, w.user.id, saved.rule.id)).rejects.toThrow('no rule');
    // Once is enough: the change is gone with the rule.
    await expect(undoRule(w.app, w.user.id, saved.rule.id)).rejects.toThrow();
  });

  it('an item the user dismissed after the mute stays dismissed when the mute is undone', async () => {
    const saved = await saveNewRule(w.app, w.user.id, MUTE_WEATHER);
    const item = await w.app.db.kysely
      .selectFrom('items')
      .select('id')
      .where('title', '=', 'More rain tomorrow')
      .executeTakeFirstOrThrow();
    w.clock.advance(60_000);
    await setItemState(w.app, w.user.id, item.id, { dismissed: true });
    await undoRule(w.app, w.user.id, saved.rule.id);
    expect(await dismissed()).toEqual(['More rain tomorrow']);
  });

  it('an edit applies like a new rule, and its undo brings back the old version and the items', async () => {
    const tagged = await saveNewRule(w.app, w.user.id, {
      name: 'Ferries',
      when: [{ field: 'title', op: 'contains', value: 'ferry' }],
      action: 'tag',
      tag: 'ferries',
    });
    expect(tagged.applied).toBe(1);
    const tags = async () =>
      (await w.app.db.kysely.selectFrom('item_tags').select('tag').orderBy('tag').execute()).map(
        (r) => r.tag,
      );
    expect(await tags()).toEqual(['ferries']);

    const edited = await saveRuleEdit(w.app, w.user.id, tagged.rule.id, {
      ...MUTE_WEATHER,
      name: 'Ferries and rain',
    });
    expect(edited.applied).toBe(3);
    expect(edited.rule).toMatchObject({ name: 'Ferries and rain', action: 'mute' });
    expect(await titles()).toEqual(['Ferry timetable changes', 'New harbour master']);

    const undone = await undoRule(w.app, w.user.id, tagged.rule.id);
    expect(undone).toMatchObject({ removed: false, restored: 3 });
    expect(await getRule(w.app, w.user.id, tagged.rule.id)).toMatchObject({
      name: 'Ferries',
      action: 'tag',
      tag: 'ferries',
    });
    expect(await titles()).toHaveLength(5);
    // The tag of the first save stays: only the latest save was undone.
    expect(await tags()).toEqual(['ferries']);
    await expect(undoRule(w.app, w.user.id, tagged.rule.id)).rejects.toThrow('already undone');
  });

  it('a breakthrough never fires for held items, and boost/lower count what they reorder', async () => {
    const urgent = await saveNewRule(w.app, w.user.id, {
      name: 'Everything',
      when: [{ field: 'title', op: 'contains', value: 'rain' }],
      action: 'breakthrough',
    });
    expect(urgent.applied).toBe(0);
    expect(await w.ledgerCount('breakthrough.allowed')).toBe(0);
    const lower = await saveNewRule(w.app, w.user.id, {
      name: 'Less rain',
      when: [{ field: 'title', op: 'contains', value: 'rain' }],
      action: 'lower',
      amount: 20,
    });
    expect(lower.applied).toBe(3);
    expect(await dismissed()).toEqual([]);
  });

  it('new rules start with the mildest action', () => {
    expect(DEFAULT_RULE_ACTION).toBe('lower');
    expect(emptyRuleForm()).toMatchObject({ action: 'lower', when: [{ value: '' }] });
  });

  it('offers the user’s own channels for a breakthrough, each once', async () => {
    // No outgoing mail server in this world: no e-mail is offered.
    expect(await userChannels(w.app, w.user)).toEqual([]);
    await w.app.db.kysely
      .updateTable('schedules')
      .set({ notify: JSON.stringify([{ ntfy: 'https://ntfy.example/me' }]) })
      .where('user_id', '=', w.user.id)
      .execute();
    await upsertPushSubscription(w.app.db.kysely, {
      user_id: w.user.id,
      endpoint: 'https://push.example/sub/1',
      p256dh: 'key',
      auth: 'auth',
      user_agent: null,
      created_at: w.clock.now().getTime(),
    });
    await addRule(w.app, w.user.id, {
      name: 'Alarms',
      when: [{ field: 'priority', op: 'gte', value: 5 }],
      action: 'breakthrough',
      deliver: { ntfy: 'https://ntfy.example/alarms' },
    });
    await addRule(w.app, w.user.id, {
      name: 'Same topic as the notices',
      when: [{ field: 'title', op: 'contains', value: 'fire' }],
      action: 'breakthrough',
      deliver: { ntfy: 'https://ntfy.example/me' },
    });
    const channels = await userChannels(w.app, w.user);
    expect(channels.map((c) => [c.origin, c.token])).toEqual([
      ['schedule', 'ntfy:https://ntfy.example/me'],
      ['webpush', 'webpush'],
      ['rule', 'ntfy:https://ntfy.example/alarms'],
    ]);
  });

  it('offers the account’s e-mail when mail can be sent', async () => {
    const mailing = await openWorld(dialect, {
      env: { CHECKPOINT_SMTP_URL: 'smtp://127.0.0.1:2525' },
    });
    try {
      expect(await userChannels(mailing.app, mailing.user)).toEqual([
        {
          channel: { email: mailing.user.email },
          token: `email:${mailing.user.email}`,
          origin: 'email',
        },
      ]);
    } finally {
      await mailing.cleanup();
    }
  });

  it('the API reports `appliedToHeld` on POST and PUT, and undoes the latest save', async () => {
    const http = createHttpApp(w.app);
    const { token } = await createApiToken(w.app.db.kysely, w.app.clock, w.user.id, 'rules');
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await http.request(`/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const created = await call('POST', '/rules', MUTE_WEATHER);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'No weather', action: 'mute', appliedToHeld: 3 });
    const id = created.body.id as number;
    const replaced = await call('PUT', `/rules/${id}`, { ...MUTE_WEATHER, action: 'lower' });
    expect(replaced.body).toMatchObject({ id, action: 'lower', appliedToHeld: 0 });
    expect(await call('POST', `/rules/${id}/undo`)).toEqual({
      status: 200,
      body: { ruleId: id, removed: false, restored: 0 },
    });
    expect((await call('GET', `/rules/${id}`)).body).toMatchObject({ action: 'mute' });
    expect((await call('POST', `/rules/${id}/undo`)).status).toBe(400);
  });
});
