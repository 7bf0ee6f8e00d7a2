/**
 * Polling maths, pure. A healthy source is checked every `intervalMinutes`, spread so that
 * sources added together (an OPML import) do not all fire in the same second; a failing one
 * backs off exponentially up to a day.
 */
const MINUTE = 60_000;
const MAX_BACKOFF = 24 * 60 * MINUTE;

/** A stable pseudo-random fraction in [0, 1) for a source id (FNV-1a). */
export function spreadFraction(sourceId: number): number {
  let hash = 0x811c9dc5;
  for (const ch of String(sourceId)) {
    hash ^= ch.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  hash ^= sourceId * 2654435761;
  return ((hash >>> 0) % 10_000) / 10_000;
}

/** First check of a new source: somewhere within its first interval, stable per source. */
export function firstCheckAt(sourceId: number, intervalMinutes: number, now: number): number {
  return now + Math.floor(spreadFraction(sourceId) * intervalMinutes * MINUTE);
}

/** Next check after a successful fetch: one interval later, ±5 % stable jitter. */
export function nextCheckAt(sourceId: number, intervalMinutes: number, now: number): number {
  const jitter = (spreadFraction(sourceId) - 0.5) * 0.1;
  return now + Math.round(intervalMinutes * MINUTE * (1 + jitter));
}

/**
 * Next check after the `errorCount`-th consecutive failure: the interval doubled per failure,
 * capped at 24 hours, never sooner than `retryAt` when the server asked for that.
 *
 * @example backoffAt(1, 3, 60, 0) // 4 hours later: 60 min × 2²
 */
export function backoffAt(
  sourceId: number,
  errorCount: number,
  intervalMinutes: number,
  now: number,
  retryAt: number | null = null,
): number {
  const base = Math.min(intervalMinutes * MINUTE * 2 ** Math.max(0, errorCount - 1), MAX_BACKOFF);
  const at = now + Math.round(base * (1 + spreadFraction(sourceId) * 0.1));
  return retryAt !== null && retryAt > at ? retryAt : at;
}
