/**
 * What the user sets per source for their checkpoints: cadence (when its items join one),
 * weight (how strongly it ranks) and would-push (whether it counts as an interruption spared).
 * Shared by `checkpoint source set` and anything else that changes these three.
 */
import { updateSource } from '../../db/repos/sources.ts';
import type { SourceUpdate } from '../../db/schema.ts';
import { parseCadence } from '../../domain/cadence.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import { getSource, type SourceView, toSourceView } from './sources.ts';
import { placementPatch, type SourcePlacement } from './user-sources.ts';

/** Weights run from 0 (ranks 10 points lower) to 10; 1 is neutral. */
export const MAX_WEIGHT = 10;

export interface SourceSettings extends SourcePlacement {
  /** `every`, `daily` or `weekly:<day>`. */
  cadence?: string;
  weight?: number;
  /** null: back to the default of the source's kind. */
  wouldPush?: boolean | null;
}

/**
 * Changes a source's cadence, weight and would-push (and its name or category: `source set
 * --title --category`) after checking each; other fields stay.
 *
 * @example await changeSourceSettings(app, user.id, 7, { cadence: 'weekly:fri', weight: 2 })
 * @example await changeSourceSettings(app, user.id, 7, { name: 'River', category: 'Local' })
 */
export async function changeSourceSettings(
  app: App,
  userId: number,
  id: number,
  settings: SourceSettings,
): Promise<SourceView> {
  await getSource(app, userId, id);
  const patch: SourceUpdate = await placementPatch(app.db.kysely, userId, settings);
  if (settings.cadence !== undefined) {
    const cadence = parseCadence(settings.cadence);
    if (!cadence)
      throw new ValidationError(
        `source: cadence must be every, daily or weekly:<day> like weekly:fri (got "${settings.cadence}")`,
      );
    patch.cadence = cadence;
  }
  if (settings.weight !== undefined) {
    if (
      !(Number.isFinite(settings.weight) && settings.weight >= 0 && settings.weight <= MAX_WEIGHT)
    )
      throw new ValidationError(
        `source: weight must be between 0 and ${MAX_WEIGHT} (got ${settings.weight})`,
      );
    patch.weight = settings.weight;
  }
  if (settings.wouldPush !== undefined)
    patch.would_push = settings.wouldPush === null ? null : settings.wouldPush ? 1 : 0;
  if (Object.keys(patch).length) await updateSource(app.db.kysely, userId, id, patch);
  return toSourceView(await getSource(app, userId, id));
}
