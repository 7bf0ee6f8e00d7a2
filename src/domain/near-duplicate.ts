/**
 * Near-duplicate detection for clustering one story across sources. Titles are short, so we
 * compare their word sets exactly (Jaccard similarity — what MinHash estimates for long texts)
 * instead of a bit fingerprint: SimHash on a ten-word title flips too many bits when one word
 * is added. The "title key" is the sorted set of normalised words, stored per item.
 */
const STOP = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were will with de het een en van der die das und le la les des et il el los y'.split(
    ' ',
  ),
);

/** Lower-case words without accents, punctuation or stop words (digits are kept). */
export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => (w.length > 1 || /\d/.test(w)) && !STOP.has(w));
}

/**
 * The title key of a text: its distinct words, sorted, space-separated; null when it has
 * fewer than `minWords` (short titles would make unrelated items look alike).
 *
 * @example titleKey('Apple unveils the M5 chip') // 'apple chip m5 unveils'
 */
export function titleKey(text: string, minWords = 4): string | null {
  const words = [...new Set(tokens(text))].sort();
  return words.length >= minWords ? words.join(' ') : null;
}

/** Jaccard similarity of two title keys: shared words / all words. */
export function similarity(a: string, b: string): number {
  const left = new Set(a.split(' '));
  const right = b.split(' ');
  let shared = 0;
  for (const word of right) if (left.has(word)) shared++;
  return shared / (left.size + right.length - shared);
}

/** Two title keys this similar are one story. */
export const SAME_STORY = 0.6;

/** Placeholders feeds and readers put where a title is missing. */
const PLACEHOLDER =
  /^[([]?\s*(?:no title|untitled|geen titel|zonder titel|ohne titel|sans titre)\s*[)\]]?$/i;

/**
 * Whether an item has no title of its own: none, a placeholder ("(no title)"), or the start of
 * its body cut off with an ellipsis (what micro-blogs and bridges of posts make). Such items
 * never join a story by their words. A title that is the whole short body still counts: the
 * same post carried by two bridges is one story.
 *
 * @example isUntitled('Walked the dog…', 'Walked the dog along the river today.') // true
 * @example isUntitled('Apple unveils the M5 chip', 'Apple unveils the M5 chip. It is fast.') // false
 */
export function isUntitled(title: string | null, body: string | null): boolean {
  const text = title?.trim() ?? '';
  if (text === '' || PLACEHOLDER.test(text)) return true;
  if (!body || !/(?:…|\.\.\.)\s*$/.test(text)) return false;
  const own = tokens(text);
  const start = tokens(body.slice(0, text.length * 2 + 40));
  return own.length > 0 && own.every((word, k) => start[k] === word);
}

/**
 * The title key of an item for clustering: of its title, or of title and summary when the
 * title is short (8 words then); null for an untitled item ({@link isUntitled}, judged against
 * `body`, its whole plain text), which joins a story only by its URL.
 *
 * @example storyKey('(no title)', 'Some words that start the post') // null
 */
export function storyKey(
  title: string | null,
  summary: string | null,
  body: string | null = summary,
): string | null {
  if (isUntitled(title, body || summary)) return null;
  return titleKey(title ?? '') ?? titleKey(`${title ?? ''} ${summary ?? ''}`.slice(0, 300), 8);
}
