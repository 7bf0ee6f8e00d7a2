/**
 * The use cases of the Sources page and the sources API that act on one of the user's sources
 * by id, or list them, so that pages and routes never hold a database row: they get
 * `SourceView`s and say what should change.
 */
import type { Executor } from '../../db/connect.ts';
import { ensureCategory } from '../../db/repos/categories.ts';
import { listSources, updateSource } from '../../db/repos/sources.ts';
import type { SourceUpdate } from '../../db/schema.ts';
import { invalid } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import { type RefreshResult, refreshSource } from './refresh.ts';
import { sourcePlatformOf } from './source-config.ts';
import { getSource, type SourceView, toSourceView } from './sources.ts';

/** A source as the Sources page lists it: its view and the platform a bridge feed follows. */
export interface UserSource {
  source: SourceView;
  /** `config.platform` of a bridge feed or an import, read through its kind's schema. */
  platform: string | null;
}

/**
 * The user's sources by name, each with its platform.
 *
 * @example const rows = await listUserSources(app, user.id); rows[0].platform // 'instagram'
 */
export async function listUserSources(app: App, userId: number): Promise<UserSource[]> {
  return (await listSources(app.db.kysely, userId)).map((row) => ({
    source: toSourceView(row),
    platform: sourcePlatformOf(row),
  }));
}

/**
 * One of the user's sources as the API shows it; NotFoundError for another user's id.
 *
 * @example await findSourceView(app, user.id, 7) // { id: 7, kind: 'feed', … }
 */
export async function findSourceView(app: App, userId: number, id: number): Promise<SourceView> {
  return toSourceView(await getSource(app, userId, id));
}

/**
 * Fetches one of the user's sources now ("Fetch now"); NotFoundError for another user's id.
 *
 * @example const result = await fetchSourceNow(app, user.id, 7); result.status // 'ok'
 */
export async function fetchSourceNow(app: App, userId: number, id: number): Promise<RefreshResult> {
  return await refreshSource(app, await getSource(app, userId, id));
}

/**
 * Pauses a source, or resumes a paused one: resuming forgets why it was turned off, its errors
 * and any Retry-After, and makes it due at once.
 *
 * @example await toggleSource(app, user.id, 7)
 */
export async function toggleSource(app: App, userId: number, id: number): Promise<void> {
  const source = await getSource(app, userId, id);
  await updateSource(
    app.db.kysely,
    userId,
    source.id,
    source.enabled
      ? { enabled: 0 }
      : { enabled: 1, disabled_reason: null, error_count: 0, next_check_at: 0, retry_after: null },
  );
}

/** What the API may change on a source; the values are checked by the API's schema. */
export interface SourceChange extends SourcePlacement {
  enabled?: boolean;
  intervalMinutes?: number;
  /** `every`, `daily` or `weekly:<day>`. */
  cadence?: string;
  weight?: number;
  /** null: back to the default of the source's kind. */
  wouldPush?: boolean | null;
}

/** A source's name and category: what renaming and moving it change. */
export interface SourcePlacement {
  name?: string;
  /** A category's name, created when new; null or empty: no category. */
  category?: string | null;
}

const MAX_NAME = 300;
const MAX_CATEGORY = 200;

/**
 * The columns a rename or move sets, after checking them; a new category name creates the
 * category. Names are trimmed; an empty name is refused rather than leaving a blank row.
 *
 * @example await placementPatch(db, user.id, { name: 'River', category: 'Local news' })
 */
export async function placementPatch(
  db: Executor,
  userId: number,
  placement: SourcePlacement,
): Promise<SourceUpdate> {
  const patch: SourceUpdate = {};
  if (placement.name !== undefined) {
    const name = placement.name.trim();
    if (!name || name.length > MAX_NAME)
      throw invalid(
        `source: a name must be 1 to ${MAX_NAME} characters (got "${placement.name}")`,
        'error.source.name',
        { max: MAX_NAME },
      );
    patch.name = name;
  }
  if (placement.category !== undefined) {
    const category = placement.category?.trim() ?? '';
    if (category.length > MAX_CATEGORY)
      throw invalid(
        `source: a category name must be at most ${MAX_CATEGORY} characters`,
        'error.source.category',
        { max: MAX_CATEGORY },
      );
    patch.category_id = category ? await ensureCategory(db, userId, category) : null;
  }
  return patch;
}

function changePatch(change: SourceChange): SourceUpdate {
  const patch: SourceUpdate = {};
  if (change.enabled !== undefined) {
    patch.enabled = change.enabled ? 1 : 0;
    if (change.enabled)
      Object.assign(patch, { disabled_reason: null, error_count: 0, next_check_at: 0 });
  }
  if (change.intervalMinutes !== undefined) patch.interval_minutes = change.intervalMinutes;
  if (change.cadence !== undefined) patch.cadence = change.cadence;
  if (change.weight !== undefined) patch.weight = change.weight;
  if (change.wouldPush !== undefined)
    patch.would_push = change.wouldPush === null ? null : change.wouldPush ? 1 : 0;
  return patch;
}

/**
 * Changes the given fields of a source (`PATCH /api/v1/sources/:id`) and returns it as it is
 * now; enabling it clears its errors and makes it due at once; a new category name creates it.
 *
 * @example await changeSource(app, user.id, 7, { name: 'River Notes', enabled: false })
 */
export async function changeSource(
  app: App,
  userId: number,
  id: number,
  change: SourceChange,
): Promise<SourceView> {
  await getSource(app, userId, id);
  const patch = {
    ...changePatch(change),
    ...(await placementPatch(app.db.kysely, userId, change)),
  };
  if (Object.keys(patch).length) await updateSource(app.db.kysely, userId, id, patch);
  return toSourceView(await getSource(app, userId, id));
}
