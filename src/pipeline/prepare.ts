import { createHash } from 'node:crypto';
import { storyKey } from '../domain/near-duplicate.ts';
import { playingSeconds, readingSeconds } from '../domain/ranking.ts';
import type { ItemDraft } from '../domain/types.ts';
import { sanitizeWithText } from '../lib/html/sanitize.ts';
import { httpUrlOrNull } from '../lib/url.ts';
import { canonicalUrl } from './canonical-url.ts';
import { truncateText } from './summary.ts';

/** A draft after the pure pipeline steps: safe to store and to show. */
export interface PreparedItem {
  externalId: string;
  kind: ItemDraft['kind'];
  url: string | null;
  canonicalUrl: string | null;
  title: string | null;
  author: string | null;
  /** Sanitised HTML. */
  contentHtml: string | null;
  summary: string | null;
  publishedAt: Date | null;
  priority: number;
  hash: string;
  extra: Record<string, unknown>;
  /** Normalised word set of the title (or summary) for near-duplicate clustering. */
  titleKey: string | null;
  readingSeconds: number;
  /** Plain text of the content, for the full-text index. */
  text: string;
  /** Timeline or notification (social sources), for the would-push default. */
  origin: ItemDraft['origin'] | null;
}

const SEP = '\u0000';

/**
 * A hash of everything a draft carries. Computed before any sanitising, so that items that
 * are already stored unchanged cost one lookup and nothing else.
 */
export function draftHash(draft: ItemDraft): string {
  // The duration only when present, so that the hashes of items without one stay what they were.
  return createHash('sha1')
    .update(
      [
        draft.kind,
        draft.url ?? '',
        draft.title ?? '',
        draft.author ?? '',
        draft.summary ?? '',
        draft.publishedAt ? String(draft.publishedAt.getTime()) : '',
        draft.priority ?? '',
        draft.contentHtml ?? '',
      ].join(SEP),
    )
    .update(
      draft.attachments?.length || draft.extra
        ? JSON.stringify([draft.attachments, draft.extra])
        : '',
    )
    .update(draft.durationSeconds ? `${SEP}${draft.durationSeconds}` : '')
    .digest('base64url');
}

/** Number of whitespace-separated words (without building the array of them). */
function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13 || c === 160;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** Clamps a priority to ntfy's 1–5 scale; missing means 3 (DESIGN.md "Priority"). */
export function normalisePriority(priority: number | null | undefined): number {
  if (priority === null || priority === undefined || !Number.isFinite(priority)) return 3;
  return Math.min(5, Math.max(1, Math.round(priority)));
}

/**
 * The date when it names a real instant, else null (the item then gets its arrival time): a
 * source that hands over an invalid `Date` must not fail the batch it is stored with.
 */
function validDate(date: Date | null): Date | null {
  return date && Number.isFinite(date.getTime()) ? date : null;
}

/**
 * Canonicalises the URL, sanitises the HTML and derives the plain-text summary.
 *
 * @example prepareDraft(draft, draftHash(draft)).contentHtml // sanitised HTML
 */
export function prepareDraft(draft: ItemDraft, hash: string = draftHash(draft)): PreparedItem {
  const url = httpUrlOrNull(draft.url);
  const clean = draft.contentHtml
    ? sanitizeWithText(draft.contentHtml, draft.baseUrl ?? url)
    : null;
  const contentHtml = clean?.html || null;
  const extra: Record<string, unknown> = { ...draft.extra };
  if (draft.attachments?.length) extra.attachments = draft.attachments;
  const text = clean?.text ?? '';
  const summary = draft.summary?.trim() || truncateText(text);
  const title = draft.title?.trim() || null;
  const words = countWords(text);
  const images = clean?.images ?? 0;
  return {
    externalId: draft.externalId,
    kind: draft.kind,
    url,
    canonicalUrl: canonicalUrl(url),
    title,
    author: draft.author?.trim() || null,
    contentHtml: contentHtml || null,
    summary,
    publishedAt: validDate(draft.publishedAt),
    priority: normalisePriority(draft.priority),
    hash,
    extra,
    // Titles carry the story (short ones with the summary); untitled items none.
    titleKey: storyKey(title, summary, text),
    readingSeconds: readingSeconds(
      draft.kind,
      words,
      images,
      playingSeconds(draft.kind, draft.attachments ?? [], draft.durationSeconds),
    ),
    text: [draft.author, draft.summary, text].filter(Boolean).join(' '),
    origin: draft.origin ?? null,
  };
}
