import { z } from 'zod';
import type { CheckpointEntryRow } from '../../db/repos/checkpoint-items.ts';
import type { ItemWithSource } from '../../db/repos/items.ts';
import type { CheckpointRow } from '../../db/schema.ts';
import { parseStoredJson } from '../../db/stored-json.ts';
import type { ScorePart } from '../../domain/ranking.ts';
import type { Item } from '../../domain/types.ts';
import { toItemView } from '../items/items.ts';
import type { RankedItem } from './ranking.ts';

/** A checkpoint as `pull --json` shows it (DESIGN.md / issue: exactly these keys). */
export interface CheckpointRef {
  id: number;
  dueAt: string;
  builtAt: string | null;
  budgetMinutes: number;
}

/** A checkpoint with its figures, for the web app and `/api/v1/checkpoints`. */
export interface CheckpointView extends CheckpointRef {
  openedAt: string | null;
  doneAt: string | null;
  itemCount: number;
  totalSeconds: number;
  laterCount: number;
  overflow: Overflow[];
}

/** Another item carrying the same story, shown as "also from". */
export interface AlsoFrom {
  itemId: number;
  sourceId: number;
  sourceName: string;
  url: string | null;
}

/** An item of a digest: the item shape plus why it is there. */
export type DigestItem = Item & {
  summary: string | null;
  score: number;
  parts: ScorePart[];
  readingSeconds: number;
  sourceName: string;
  alsoFrom: AlsoFrom[];
};

/** Items of one source past the per-source limit ("+12 more from X"). */
export interface Overflow {
  sourceId: number;
  sourceName: string;
  count: number;
}

/** `checkpoints.overflow` as stored. */
const overflowSchema: z.ZodType<Overflow[]> = z.array(
  z.object({ sourceId: z.number(), sourceName: z.string(), count: z.number() }),
);

/**
 * `checkpoint_items.parts` as stored: the score parts and the "also from" items. Reasons stored
 * before they carried a catalog key get an empty one (the page then shows the English `why`).
 */
const storedPartsSchema: z.ZodType<{ parts: ScorePart[]; alsoFrom?: AlsoFrom[] }, unknown> =
  z.object({
    parts: z.array(
      z.object({
        part: z.string(),
        points: z.number(),
        why: z.string(),
        key: z.string().default(''),
        params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
      }),
    ),
    alsoFrom: z
      .array(
        z.object({
          itemId: z.number(),
          sourceId: z.number(),
          sourceName: z.string(),
          url: z.string().nullable(),
        }),
      )
      .optional(),
  });

/** What a digest entry stores as `parts` (the inverse of the parse in {@link entryToDigestItem}). */
export function storedParts(item: Pick<RankedItem, 'parts' | 'alsoFrom'>): string {
  return JSON.stringify({ parts: item.parts, alsoFrom: item.alsoFrom });
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A checkpoint row as `pull --json` shows it. */
export function toCheckpointRef(row: CheckpointRow): CheckpointRef {
  return {
    id: row.id,
    dueAt: new Date(row.due_at).toISOString(),
    builtAt: iso(row.built_at),
    budgetMinutes: row.budget_minutes,
  };
}

/** A checkpoint row with its figures; its stored overflow is parsed, not trusted. */
export function toCheckpointView(row: CheckpointRow): CheckpointView {
  return {
    ...toCheckpointRef(row),
    openedAt: iso(row.opened_at),
    doneAt: iso(row.done_at),
    itemCount: row.item_count,
    totalSeconds: row.total_seconds,
    laterCount: row.later_count,
    overflow: parseStoredJson(overflowSchema, row.overflow, 'checkpoints.overflow'),
  };
}

/** An item with what its digest says about it, as a digest shows it. */
function toDigestItem(
  row: ItemWithSource,
  digest: { score: number; parts: ScorePart[]; seconds: number; alsoFrom: AlsoFrom[] },
): DigestItem {
  return {
    ...toItemView(row),
    summary: row.summary,
    score: digest.score,
    parts: digest.parts,
    readingSeconds: digest.seconds,
    sourceName: row.source_name,
    alsoFrom: digest.alsoFrom.filter((also) => also.sourceId !== row.source_id),
  };
}

/** A freshly ranked item as a digest shows it, with its whole row. */
export function rankedToDigestItem(item: RankedItem, row: ItemWithSource): DigestItem {
  return toDigestItem(row, item);
}

/** A stored digest entry as a digest shows it. */
export function entryToDigestItem(entry: CheckpointEntryRow): DigestItem {
  const stored = parseStoredJson(storedPartsSchema, entry.parts, 'checkpoint_items.parts');
  return toDigestItem(entry, {
    score: entry.score,
    parts: stored.parts,
    seconds: entry.seconds,
    alsoFrom: stored.alsoFrom ?? [],
  });
}
