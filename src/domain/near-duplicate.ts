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
