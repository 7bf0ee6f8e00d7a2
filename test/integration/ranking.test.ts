/**
 * What decides a digest besides the score's arithmetic: a source's cadence (every checkpoint,
 * the first of the day, weekly on a day), what the user did with a source so far (their own
 * dismissals, not a mute rule's), and reading times that follow an item's changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSource } from '../../src/db/repos/sources.ts';
import type { UserRow } from '../../src/db/schema.ts';
import type { ItemDraft, SourceKind } from '../../src/domain/types.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import {
  buildDueCheckpoints,
  checkpointDigest,
  laterItems,
  pull,
} from '../../src/services/checkpoints/checkpoints.ts';
import { rankHeld } from '../../src/services/checkpoints/ranking.ts';
import { addRule, removeRule } from '../../src/services/checkpoints/rules.ts';
import { setSchedule, specOf } from '../../src/services/checkpoints/schedules.ts';
import { ingestDrafts } from '../../src/services/items/ingest.ts';
import { setItemState } from '../../src/services/items/items.ts';
import { changeSourceSettings } from '../../src/services/sources/source-settings.ts';
import { draft } from '../helpers/checkpoint-world.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';

/** Amsterdam is UTC+1 in early March 2026: local 08:00 is 07:00 UTC. */
const local = (day: string, time: string) => {
  const [h, m] = time.split(':').map(Number);
  return new Date(Date.parse(`${day}T00:00:00Z`) + ((h! - 1) * 60 + m!) * 60_000);
};

describe.each(DIALECTS)('ranking inputs on %s', (dialect) => {
  let t: TestApp;
  let clock: TestClock;
  let user: UserRow;
  let added = 0;

  const source = async (name: string, kind: SourceKind = 'feed') =>
    await insertSource(t.app.db.kysely, {
      user_id: user.id,
      kind,
      name,
      url:
        kind === 'feed' ? `https://${name.toLowerCase().replace(/\W+/g, '-')}.example/feed` : null,
      created_at: clock.now().getTime(),
    });
  /** Items with titles that share no words, so that nothing clusters by accident. */
  const item = (title: string, extra: Partial<ItemDraft> = {}) =>
    draft(`i${++added}`, `${title} ${'qwxz'.repeat(added)}`, {
      url: `https://items.example/${added}`,
      ...extra,
    });
  const titlesAt = async (at: Date) => {
    clock.set(at);
    const [built] = await buildDueCheckpoints(t.app);
    expect(built?.checkpoint.dueAt).toBe(at.toISOString());
    const { items } = await checkpointDigest(t.app, user, built!.checkpoint.id, { open: false });
    return items.map((i) => i.title!.split(' ')[0]);
  };

  beforeAll(async () => {
    clock = new TestClock('2026-03-01T12:00:00Z'); // Sunday
    t = await openTestApp(dialect, { clock });
    user = await resolveUser(t.app.db.kysely, undefined);
    await setSchedule(t.app, user, {
      tz: 'Europe/Amsterdam',
      times: ['08:00', '12:30', '17:00'],
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      budgetMinutes: 60,
    });
    user = await resolveUser(t.app.db.kysely, undefined);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('holds a weekly:fri newsletter out of Monday’s checkpoints and gives it on Friday; daily only in the first of the day', async () => {
    const letters = await source('Weekly letter', 'imap');
    const daily = await source('Daily brief');
    const blog = await source('Blog');
    await changeSourceSettings(t.app, user.id, letters.id, { cadence: 'weekly:fri' });
    await changeSourceSettings(t.app, user.id, daily.id, { cadence: 'daily' });

    clock.set(local('2026-03-02', '07:30'));
    await ingestDrafts(t.app, letters, [item('Letter', { kind: 'newsletter' })]);
    await ingestDrafts(t.app, daily, [item('Daily1')]);
    await ingestDrafts(t.app, blog, [item('Blog1')]);
    const monday = await titlesAt(local('2026-03-02', '08:00'));
    expect(monday).toEqual(expect.arrayContaining(['Daily1', 'Blog1']));
    expect(monday).not.toContain('Letter');

    clock.set(local('2026-03-02', '10:00'));
    await ingestDrafts(t.app, daily, [item('Daily2')]);
    await ingestDrafts(t.app, blog, [item('Blog2')]);
    const noon = await titlesAt(local('2026-03-02', '12:30'));
    expect(noon).toContain('Blog2');
    expect(noon).not.toContain('Daily2');
    expect(noon).not.toContain('Letter');

    // Pull now ignores cadence: the user asked.
    clock.set(local('2026-03-02', '13:00'));
    const pulled = await pullNowTitles();
    expect(pulled).toEqual(expect.arrayContaining(['Letter', 'Daily2']));

    const evening = await titlesAt(local('2026-03-02', '17:00'));
    expect(evening).not.toContain('Daily2');
    expect(evening).not.toContain('Letter');
    const tuesday = await titlesAt(local('2026-03-03', '08:00'));
    expect(tuesday).toContain('Daily2');
    expect(tuesday).not.toContain('Letter');
    for (const day of ['2026-03-04', '2026-03-05'])
      expect(await titlesAt(local(day, '08:00'))).not.toContain('Letter');
    expect(await titlesAt(local('2026-03-06', '08:00'))).toContain('Letter');

    // A newsletter arriving on Friday morning waits for next Friday's first checkpoint.
    clock.set(local('2026-03-06', '10:00'));
    await ingestDrafts(t.app, letters, [item('Late', { kind: 'newsletter' })]);
    expect(await titlesAt(local('2026-03-06', '12:30'))).not.toContain('Late');
    expect(await titlesAt(local('2026-03-09', '08:00'))).not.toContain('Late');
    expect(await titlesAt(local('2026-03-13', '08:00'))).toContain('Late');
  });

  /** A pull between checkpoints: the current one is marked done first. */
  async function pullNowTitles(): Promise<string[]> {
    await t.app.db.kysely
      .updateTable('checkpoints')
      .set({ done_at: clock.now().getTime() })
      .where('user_id', '=', user.id)
      .where('done_at', 'is', null)
      .execute();
    const result = await pull(t.app, user);
    expect(result.checkpoint).toBeNull();
    return result.items.map((i) => i.title!.split(' ')[0]!);
  }

  it('counts the user’s own dismissals of a source, not what a mute rule dismissed', async () => {
    clock.set(local('2026-03-16', '09:00'));
    const muted = await source('Sometimes spammy');
    const control = await source('Control');
    await addRule(t.app, user.id, {
      name: 'No spam',
      when: [{ field: 'title', op: 'contains', value: 'spam' }],
      action: 'mute',
    });
    const spam = await ingestDrafts(
      t.app,
      muted,
      Array.from({ length: 5 }, () => item('spam')),
    );
    expect(spam.inserted).toHaveLength(5);
    const ids = new Map<string, number>([
      ['Keeper', (await ingestDrafts(t.app, muted, [item('Keeper')])).inserted[0]!],
      ['Twin', (await ingestDrafts(t.app, control, [item('Twin')])).inserted[0]!],
    ]);

    const affinityOf = async (name: string) => {
      const ranked = await rankHeld(
        t.app.db.kysely,
        user.id,
        specOf(await schedule(), user.tz),
        clock.now().getTime(),
        null,
      );
      const found = ranked.find((r) => r.id === ids.get(name));
      return { score: found!.score, affinity: found!.parts.find((p) => p.part === 'affinity') };
    };
    // Five items the mute rule dismissed are no verdict of the user on the source.
    const keeper = await affinityOf('Keeper');
    expect(keeper.affinity).toBeUndefined();
    expect(keeper.score).toBe((await affinityOf('Twin')).score);

    // One the user dismissed is.
    const other = await ingestDrafts(t.app, muted, [item('Meh')]);
    ids.set('Meh', other.inserted[0]!);
    await setItemState(t.app, user.id, other.inserted[0]!, { dismissed: true });
    const after = await affinityOf('Keeper');
    expect(after.affinity).toMatchObject({ points: -3.3, params: { opened: 0, dismissed: 1 } });
    // Taken back, it no longer counts.
    await setItemState(t.app, user.id, other.inserted[0]!, { dismissed: false });
    const meh = await affinityOf('Meh');
    expect(meh.affinity).toBeUndefined();
  });

  it('applies boost and lower rules on title, author, host and content to what it ranks', async () => {
    clock.set(local('2026-03-17', '09:00'));
    const src = await source('Rules feed');
    const rules = [
      { name: 'Titles', field: 'title', value: 'zeppelin', action: 'boost' },
      { name: 'Authors', field: 'author', value: 'Ada', action: 'boost' },
      { name: 'Hosts', field: 'host', value: 'noisy.example', action: 'lower' },
      { name: 'Bodies', field: 'content', value: 'aurora', action: 'boost' },
    ] as const;
    const ruleIds: number[] = [];
    for (const r of rules) {
      const op = r.field === 'host' ? 'equals' : 'contains';
      const saved = await addRule(t.app, user.id, {
        name: r.name,
        when: [{ field: r.field, op, value: r.value }],
        action: r.action,
        amount: 15,
      });
      ruleIds.push(saved.id);
    }
    const drafts = {
      title: item('Zeppelin'),
      author: item('Byline', { author: 'Ada Lovelace' }),
      host: item('Loud', { url: 'https://noisy.example/x' }),
      content: item('Sky', { contentHtml: '<p>An aurora tonight.</p>' }),
      plain: item('Plain'),
    };
    const ids: Record<string, number> = {};
    for (const [name, d] of Object.entries(drafts))
      ids[name] = (await ingestDrafts(t.app, src, [d])).inserted[0]!;
    const ranked = await rankHeld(
      t.app.db.kysely,
      user.id,
      specOf(await schedule(), user.tz),
      clock.now().getTime(),
      null,
    );
    const rulesOf = (name: string) =>
      ranked.find((r) => r.id === ids[name])!.parts.filter((p) => p.part === 'rules');
    expect(rulesOf('title').map((p) => p.points)).toEqual([15]);
    expect(rulesOf('author').map((p) => p.points)).toEqual([15]);
    expect(rulesOf('host').map((p) => p.points)).toEqual([-15]);
    expect(rulesOf('content').map((p) => p.points)).toEqual([15]);
    expect(rulesOf('plain')).toEqual([]);
    for (const id of ruleIds) await removeRule(t.app, user.id, id);
  });

  it('gives a changed item the reading time of its new content', async () => {
    const pod = await source('Pod');
    const episode = item('Episode', {
      attachments: [{ url: 'https://pod.example/1.mp3', type: 'audio/mpeg', length: null }],
    });
    const [id] = (await ingestDrafts(t.app, pod, [episode])).inserted;
    const seconds = async () =>
      (
        await t.app.db.kysely
          .selectFrom('items')
          .select('reading_seconds')
          .where('id', '=', id!)
          .executeTakeFirstOrThrow()
      ).reading_seconds;
    const assumed = await seconds();
    expect(assumed).toBeGreaterThanOrEqual(30 * 60);
    // The feed adds the episode's playing time later.
    const again = await ingestDrafts(t.app, pod, [{ ...episode, durationSeconds: 300 }]);
    expect(again.updated).toBe(1);
    expect(await seconds()).toBe(assumed - 30 * 60 + 300);
  });

  it('lists the best of what waits for later, loading whole rows only for those', async () => {
    const many = await source('Many');
    await ingestDrafts(
      t.app,
      many,
      Array.from({ length: 12 }, (_, i) => item(`Later${i}`, { contentHtml: `<p>Body ${i}</p>` })),
    );
    const all = await laterItems(t.app, user);
    const top = await laterItems(t.app, user, 5);
    expect(top.total).toBe(all.total);
    expect(top.items.map((i) => i.id)).toEqual(all.items.slice(0, 5).map((i) => i.id));
    const one = top.items.find((i) => i.title?.startsWith('Later'));
    expect(one?.contentHtml).toMatch(/<p>Body \d+<\/p>/);
    expect((await laterItems(t.app, user, 0)).items).toEqual([]);
  });

  async function schedule() {
    return await t.app.db.kysely
      .selectFrom('schedules')
      .selectAll()
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
  }
});
