/** Small helpers shared by the HTML we send out (digest e-mail, Atom entries). */

/** What a digest line needs of an item (a subset of `DigestItem`). */
export interface DigestLine {
  title: string | null;
  url: string | null;
  sourceName: string;
  readingSeconds: number;
  alsoFrom: readonly { sourceName: string }[];
}

/**
 * The URL when it is http(s), else null: links we send out never carry `javascript:` or
 * `data:` URLs, whatever a source put into an item.
 *
 * @example linkable('javascript:alert(1)') // null
 */
export function linkable(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

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
export function alsoFromText(item: Pick<DigestLine, 'alsoFrom'>): string {
  return item.alsoFrom.length
    ? ` (also from ${item.alsoFrom.map((a) => a.sourceName).join(', ')})`
    : '';
}
