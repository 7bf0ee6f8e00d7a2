import { otherSources } from '../domain/ranking.ts';
/** Small helpers shared by the HTML we send out (digest e-mail, Atom entries). */

/** What a digest line needs of an item (a subset of `DigestItem`). */
export interface DigestLine {
  title: string | null;
  url: string | null;
  sourceName: string;
  readingSeconds: number;
  alsoFrom: readonly { sourceName: string }[];
}

// The channels (src/channels) link the same way, so the function lives in src/lib.
export { linkable } from '../lib/linkable.ts';

/**
 * Items grouped by source name, in the order their first item appears (digests are ranked, so
 * the best source comes first).
 *
 * @example groupBySource(items) // Map { 'Hacker News' => [...], 'Newsletter' => [...] }
 */
export function groupBySource<T extends { sourceName: string }>(
  items: readonly T[],
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(item.sourceName);
    if (list) list.push(item);
    else groups.set(item.sourceName, [item]);
  }
  return groups;
}

/**
 * Reading time as people say it: at least one minute.
 *
 * @example readingMinutes(830) // '14 min'
 */
export function readingMinutes(seconds: number): string {
  return `${Math.max(1, Math.round(seconds / 60))} min`;
}

/** "(also from A, B)" for an item whose story came through several sources, else ''. */
export function alsoFromText(item: Pick<DigestLine, 'alsoFrom' | 'sourceName'>): string {
  const others = otherSources(item.sourceName, item.alsoFrom);
  return others.length ? ` (also from ${others.join(', ')})` : '';
}
