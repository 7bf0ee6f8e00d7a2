import { isCalendarDate } from '../domain/calendar-date.ts';
import { ValidationError } from '../domain/errors.ts';
import { UsageError } from './context.ts';

/**
 * Runs a service call whose every ValidationError is about a value the user typed on the
 * command line (`--tz`, `--notify`, `--from`, a rule's `--json` …): that is wrong usage, exit 2
 * (DESIGN.md "CLI"), as a bad `tick --at` is — not a failure of the command (exit 1).
 *
 * @example const view = await optionValues(() => setSchedule(app, user, change));
 */
export async function optionValues<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ValidationError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * A `--from`/`--to` value: a real calendar day written YYYY-MM-DD, else a usage error.
 *
 * @example parseDay('2026-02-30', '--from') // throws UsageError
 */
export function parseDay(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isCalendarDate(value))
    throw new UsageError(`${option} must be a day like 2026-03-02 (got "${value}")`);
  return value;
}
