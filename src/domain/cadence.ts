import { WEEKDAYS } from './schedule.ts';
import type { Cadence } from './types.ts';

/**
 * Reads a source's cadence as the user writes it: `every` (each checkpoint, the default),
 * `daily` (the first checkpoint of the day) or `weekly:<day>` (that day's first checkpoint).
 * Null when it is none of these.
 *
 * @example parseCadence('Weekly:FRI') // 'weekly:fri'
 */
export function parseCadence(value: string): Cadence | null {
  const text = value.trim().toLowerCase();
  if (text === 'every' || text === 'daily') return text;
  const day = /^weekly:([a-z]{3})$/.exec(text)?.[1];
  if (day && (WEEKDAYS as readonly string[]).includes(day)) return text as Cadence;
  return null;
}
