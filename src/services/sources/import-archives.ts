/**
 * The archives the Imports tab lists: the user's import sources with how many items each holds.
 */
import { countItems } from '../../db/repos/items.ts';
import { listSources } from '../../db/repos/sources.ts';
import type { App } from '../app.ts';

/** One imported archive (one per platform). */
export interface ImportArchive {
  id: number;
  name: string;
  /** ISO-8601: when the first export of the platform was imported. */
  createdAt: string;
  items: number;
}

/**
 * The user's import sources by name, with their item counts.
 *
 * @example await listImportArchives(app, user.id) // [{ id: 4, name: 'WhatsApp chats', items: 1500, … }]
 */
export async function listImportArchives(app: App, userId: number): Promise<ImportArchive[]> {
  const archives = (await listSources(app.db.kysely, userId)).filter((s) => s.kind === 'import');
  // One archive per platform, so a handful of counts at most.
  return await Promise.all(
    archives.map(async (a) => ({
      id: a.id,
      name: a.name,
      createdAt: new Date(a.created_at).toISOString(),
      items: await countItems(app.db.kysely, userId, a.id),
    })),
  );
}
