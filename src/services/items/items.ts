import { transaction } from '../../db/connect.ts';
import {
  findItem,
  type ItemFilter,
  type ItemWithSource,
  listItems,
  setItemFlags,
} from '../../db/repos/items.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { Item, ItemKind, SourceKind } from '../../domain/types.ts';
import type { App } from '../app.ts';
import { type LedgerEvent, recordEvents } from '../checkpoints/ledger.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The item shape of DESIGN.md ("items --json"), used by the CLI and `/api/v1/items`. */
export function toItemView(row: ItemWithSource): Item {
  return {
    id: row.id,
    sourceId: row.source_id,
    sourceKind: row.source_kind as SourceKind,
    kind: row.kind as ItemKind,
    title: row.title,
    url: row.url,
    author: row.author,
    // An undated item shows its first-seen time, which stays stable across refetches.
    publishedAt: iso(row.published_at),
    receivedAt: new Date(row.received_at).toISOString(),
    wouldPush: row.would_push === 1,
    priority: row.priority,
    read: row.read_at !== null,
    starred: row.starred_at !== null,
    dismissed: row.dismissed_at !== null,
    clusterId: row.cluster_id,
    contentHtml: row.content_html,
  };
}

export async function listItemViews(app: App, userId: number, filter: ItemFilter): Promise<Item[]> {
  return (await listItems(app.db.kysely, userId, filter)).map(toItemView);
}

export async function getItemView(app: App, userId: number, id: number): Promise<Item> {
  const row = await findItem(app.db.kysely, userId, id);
  if (!row) throw new NotFoundError(`item: no item ${id}`);
  return toItemView(row);
}

/** Marks an item read, starred or dismissed (or clears those). */
export async function setItemState(
  app: App,
  userId: number,
  id: number,
  flags: { read?: boolean; starred?: boolean; dismissed?: boolean },
): Promise<Item> {
  const before = await getItemView(app, userId, id);
  const at = app.clock.now().getTime();
  await transaction(app.db, async (trx) => {
    await setItemFlags(trx, userId, id, flags, at);
    // The ledger counts the first read and dismissal of an item.
    const events: LedgerEvent[] = [];
    if (flags.read && !before.read) events.push({ userId, at, type: 'item.read', itemId: id });
    if (flags.dismissed && !before.dismissed)
      events.push({ userId, at, type: 'item.dismissed', itemId: id });
    await recordEvents(trx, events);
  });
  return await getItemView(app, userId, id);
}
