/**
 * A small world for delivery tests: an app on a fresh database with a TestClock on Monday
 * 2026-03-02 07:00 UTC, its admin user, a schedule with one checkpoint at 12:30 (UTC) and
 * helpers to add sources, ingest items and build the checkpoint when it is due.
 */

import type { Channel } from '../../src/channels/registry.ts';
import type { DialectName } from '../../src/db/connect.ts';
import { insertSource } from '../../src/db/repos/sources.ts';
import type { SourceRow, UserRow } from '../../src/db/schema.ts';
import type { ItemDraft, ItemKind, SourceKind } from '../../src/domain/types.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import type { App } from '../../src/services/app.ts';
import {
  type BuiltCheckpoint,
  buildDueCheckpoints,
} from '../../src/services/checkpoints/checkpoints.ts';
import type { LedgerType } from '../../src/services/checkpoints/ledger.ts';
import { setSchedule } from '../../src/services/checkpoints/schedules.ts';
import { ingestDrafts } from '../../src/services/items/ingest.ts';
import { TestClock } from './clock.ts';
import { openTestApp, type TestApp } from './db.ts';

/** The day of the world; the checkpoint is due at 12:30 UTC. */
export const DAY = '2026-03-02';
export const DUE = `${DAY}T12:30:00.000Z`;

export interface World extends TestApp {
  clock: TestClock;
  user: UserRow;
  /** Adds a source of the user. */
  source(name: string, kind?: SourceKind): Promise<SourceRow>;
  /** Ingests drafts into a source at the clock's now. */
  ingest(source: SourceRow, drafts: ItemDraft[]): ReturnType<typeof ingestDrafts>;
  /** Moves the clock to the 12:30 checkpoint and builds what is due. */
  buildAtDue(): Promise<BuiltCheckpoint[]>;
  /** How many ledger events of a type the user has. */
  ledgerCount(type: LedgerType): Promise<number>;
}

/**
 * Opens the world. `notify` sets the schedule's checkpoint notice channels.
 *
 * @example const w = await openWorld('sqlite', { notify: [{ email: 'me@example.org' }] });
 */
export async function openWorld(
  dialect: DialectName,
  options: { notify?: Channel[]; env?: Record<string, string> } = {},
): Promise<World> {
  const clock = new TestClock(`${DAY}T07:00:00Z`);
  const t = await openTestApp(dialect, { clock, ...(options.env ? { env: options.env } : {}) });
  const app: App = t.app;
  const user = await resolveUser(app.db.kysely, undefined);
  await setSchedule(app, user, { times: ['12:30'], tz: 'UTC', notify: options.notify ?? [] });
  clock.set(`${DAY}T08:00:00Z`);
  return {
    ...t,
    clock,
    user,
    source: async (name, kind = 'feed') =>
      await insertSource(app.db.kysely, {
        user_id: user.id,
        kind,
        name,
        url:
          kind === 'feed'
            ? `https://${name.toLowerCase().replace(/\W+/g, '-')}.example/feed`
            : null,
        created_at: clock.now().getTime(),
      }),
    ingest: (source, drafts) => ingestDrafts(app, source, drafts),
    async buildAtDue() {
      clock.set(DUE);
      return await buildDueCheckpoints(app);
    },
    async ledgerCount(type) {
      const row = await app.db.kysely
        .selectFrom('ledger_events')
        .select((eb) => eb.fn.sum<number>('count').as('n'))
        .where('user_id', '=', user.id)
        .where('type', '=', type)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}

/**
 * An item as a source would bring it.
 *
 * @example draft('a1', 'Rust 1.80 released', { url: 'https://blog.example/rust' })
 */
export function draft(
  externalId: string,
  title: string,
  extra: Partial<ItemDraft> & { kind?: ItemKind } = {},
): ItemDraft {
  return {
    externalId,
    kind: 'article',
    url: `https://news.example/${externalId}`,
    title,
    author: null,
    contentHtml: `<p>${'Some words about it. '.repeat(40)}</p>`,
    summary: null,
    publishedAt: null,
    baseUrl: null,
    ...extra,
  };
}
