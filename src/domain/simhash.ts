/**
 * SimHash fingerprints for near-duplicate detection across sources (one story, several
 * items). 64-bit, over word unigrams and bigrams of normalised text; near duplicates differ
 * in few bits. Stored as 16 hex characters.
 */
const STOP = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were will with de het een en van der die das und le la les des et il el los y'.split(
    ' ',
  ),
);

/** Lower-case words without punctuation or stop words. */
export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOP.has(w));
}

/** FNV-1a 64-bit of a string, as a bigint. */
function fnv64(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash;
}

/**
 * The SimHash of a text, or null when it has too few words to say anything (short titles
 * would make unrelated items look alike).
 *
 * @example simhash('Apple unveils the M5 chip for new MacBook Pro models') // '9f3a…' (16 hex)
 */
export function simhash(text: string, minTokens = 4): string | null {
  const words = tokens(text);
  if (words.length < minTokens) return null;
  const features: string[] = [...words];
  for (let i = 0; i + 1 < words.length; i++) features.push(`${words[i]} ${words[i + 1]}`);
  const weights = new Array<number>(64).fill(0);
  for (const feature of features) {
    const h = fnv64(feature);
    for (let bit = 0; bit < 64; bit++) weights[bit]! += (h >> BigInt(bit)) & 1n ? 1 : -1;
  }
  let out = 0n;
  for (let bit = 0; bit < 64; bit++) if (weights[bit]! > 0) out |= 1n << BigInt(bit);
  return out.toString(16).padStart(16, '0');
}

/** Number of differing bits between two fingerprints. */
export function hamming(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  while (x) {
    x &= x - 1n;
    count++;
  }
  return count;
}

/** The 8 bands (2 hex chars each): two fingerprints within 7 bits share at least one band. */
export function bands(fingerprint: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < 16; i += 2) out.push(`${i / 2}:${fingerprint.slice(i, i + 2)}`);
  return out;
}
