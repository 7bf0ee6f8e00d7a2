/**
 * Priority normalisation of pushed items onto ntfy's scale 1–5 (DESIGN.md "Priority"):
 * 5 = urgent/max, 3 = default. `null` means "the sender gave none" (stored as 3). Every
 * function returns `undefined` for a value the sender's own server would reject, so that the
 * receiver can answer 400 just as ntfy, Gotify or Pushover would.
 */

/** ntfy's priority names (and their numbers) as its server accepts them. */
const NTFY_NAMES: Record<string, number> = {
  '1': 1,
  min: 1,
  '2': 2,
  low: 2,
  '3': 3,
  default: 3,
  '4': 4,
  high: 4,
  '5': 5,
  max: 5,
  urgent: 5,
};

/**
 * ntfy priority: 1–5 or min/low/default/high/urgent/max (case-insensitive).
 *
 * @example ntfyPriority('urgent') // 5
 * @example ntfyPriority(undefined) // null (no priority given)
 * @example ntfyPriority('7') // undefined (invalid: answer 400)
 */
export function ntfyPriority(value: string | number | null | undefined): number | null | undefined {
  if (value === null || value === undefined) return null;
  const key = String(value).trim().toLowerCase();
  if (key === '') return null;
  return NTFY_NAMES[key];
}

/**
 * Pushover priority −2 (lowest) … 2 (emergency) → 1 … 5.
 *
 * @example pushoverPriority(2) // 5
 * @example pushoverPriority(0) // 3
 */
export function pushoverPriority(
  value: string | number | null | undefined,
): number | null | undefined {
  if (value === null || value === undefined || String(value).trim() === '') return null;
  const n = Number(String(value).trim());
  if (!Number.isInteger(n) || n < -2 || n > 2) return undefined;
  return n + 3;
}

/**
 * Gotify priority 0–10 → 0–1: 1, 2–3: 2, 4–5: 3, 6–7: 4, 8–10: 5. Gotify itself accepts any
 * integer; values outside 0–10 are clamped.
 *
 * @example gotifyPriority(8) // 5
 * @example gotifyPriority(5) // 3
 */
export function gotifyPriority(
  value: string | number | null | undefined,
): number | null | undefined {
  if (value === null || value === undefined || String(value).trim() === '') return null;
  const n = Number(String(value).trim());
  if (!Number.isInteger(n)) return undefined;
  const clamped = Math.min(10, Math.max(0, n));
  if (clamped <= 1) return 1;
  if (clamped >= 8) return 5;
  return Math.floor(clamped / 2) + 1;
}

/**
 * Android notification priority (NotificationCompat.PRIORITY_MIN −2 … PRIORITY_MAX 2), as
 * notification forwarders send it, → 1 … 5 (the same mapping as Pushover's). Forwarders are
 * not strict, so out-of-range values are clamped and anything else counts as none.
 *
 * @example androidPriority(1) // 4
 */
export function androidPriority(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || String(value).trim() === '') return null;
  const n = Number(String(value).trim());
  if (!Number.isFinite(n)) return null;
  return Math.min(2, Math.max(-2, Math.round(n))) + 3;
}
