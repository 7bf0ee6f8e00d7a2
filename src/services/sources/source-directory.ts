/**
 * The Sources page at twenty and at two hundred sources: the user's sources grouped by
 * category, the pushed ones apart, each with its unread count; and one source's page (its
 * items, paged, and what is needed to rename or move it).
 */
import { listCategories } from '../../db/repos/categories.ts';
import { countUnreadBySource, listSourceItems } from '../../db/repos/source-items.ts';
import { sourceKind } from '../../sources/registry.ts';
import type { App } from '../app.ts';
import { getSource, type SourceView, toSourceView } from './sources.ts';
import { listUserSources, type UserSource } from './user-sources.ts';

/** One line of the Sources list. */
export interface SourceEntry extends UserSource {
  /** Items neither read nor dismissed. */
  unread: number;
}

/** The sources of one category (name null: those in none), sorted by name. */
export interface SourceGroup {
  category: string | null;
  sources: SourceEntry[];
}

export interface SourceDirectory {
  /** Sources Checkpoint fetches, by category: named ones by name, then those in none. */
  fetched: SourceGroup[];
  /** Sources pushed to Checkpoint or imported (ntfy, Gotify, Pushover, webhooks, own addresses). */
  pushed: SourceEntry[];
  /** Every category name the user has, sorted, for the "move to" field. */
  categories: string[];
  total: number;
}

/** Case- and accent-insensitive order (`Ars` before `bbc` before `Écrans`), numbers by value. */
function byName(lang: string): (a: string, b: string) => number {
  const collator = new Intl.Collator(lang, { sensitivity: 'base', numeric: true });
  return (a, b) => collator.compare(a, b);
}

/** Whether a kind is pushed to us or imported rather than fetched (the registry says). */
export function isPushedKind(kind: string): boolean {
  return sourceKind(kind)?.describe.pushed ?? false;
}

/**
 * The user's sources as the Sources page groups them, sorted in the user's language.
 *
 * @example (await sourceDirectory(app, user.id, 'en')).fetched[0] // { category: 'News', sources: [...] }
 */
export async function sourceDirectory(
  app: App,
  userId: number,
  lang: string,
): Promise<SourceDirectory> {
  const [sources, categories, unread] = await Promise.all([
    listUserSources(app, userId),
    listCategories(app.db.kysely, userId),
    countUnreadBySource(app.db.kysely, userId),
  ]);
  const compare = byName(lang);
  const names = new Map(categories.map((c) => [c.id, c.name]));
  const groups = new Map<string | null, SourceEntry[]>();
  const pushed: SourceEntry[] = [];
  for (const entry of sources) {
    const line = { ...entry, unread: unread.get(entry.source.id) ?? 0 };
    if (isPushedKind(entry.source.kind)) {
      pushed.push(line);
      continue;
    }
    const category = names.get(entry.source.categoryId ?? -1) ?? null;
    groups.set(category, [...(groups.get(category) ?? []), line]);
  }
  const bySource = (a: SourceEntry, b: SourceEntry) => compare(a.source.name, b.source.name);
  const fetched = [...groups.entries()]
    .map(([category, list]) => ({ category, sources: list.sort(bySource) }))
    .sort((a, b) =>
      a.category === null ? 1 : b.category === null ? -1 : compare(a.category, b.category),
    );
  return {
    fetched,
    pushed: pushed.sort(bySource),
    categories: categories.map((c) => c.name).sort(compare),
    total: sources.length,
  };
}

/** Items per page of a source's page. */
export const SOURCE_ITEMS_PAGE = 50;

/** One source's page: the source, its category's name, one page of its items. */
export interface SourceDetail {
  source: SourceView;
  category: string | null;
  categories: string[];
  pushed: boolean;
  items: { id: number; title: string | null; publishedAt: string; read: boolean }[];
  page: number;
  hasOlder: boolean;
}

/**
 * One of the user's sources with a page of its items (newest first; page 1 is the newest);
 * NotFoundError for another user's id.
 *
 * @example const detail = await sourceDetail(app, user.id, 7, 1, 'en'); detail.items.length // ≤ 50
 */
export async function sourceDetail(
  app: App,
  userId: number,
  id: number,
  page: number,
  lang: string,
): Promise<SourceDetail> {
  const row = await getSource(app, userId, id);
  const categories = await listCategories(app.db.kysely, userId);
  const lines = await listSourceItems(app.db.kysely, userId, id, {
    limit: SOURCE_ITEMS_PAGE + 1,
    offset: (page - 1) * SOURCE_ITEMS_PAGE,
  });
  return {
    source: toSourceView(row),
    category: categories.find((c) => c.id === row.category_id)?.name ?? null,
    categories: categories.map((c) => c.name).sort(byName(lang)),
    pushed: isPushedKind(row.kind),
    items: lines.slice(0, SOURCE_ITEMS_PAGE).map((line) => ({
      id: line.id,
      title: line.title,
      publishedAt: new Date(line.published_at).toISOString(),
      read: line.read_at !== null || line.dismissed_at !== null,
    })),
    page,
    hasOlder: lines.length > SOURCE_ITEMS_PAGE,
  };
}
