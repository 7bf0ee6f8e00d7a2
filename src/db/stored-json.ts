import type { z } from 'zod';
import { CheckpointError } from '../domain/errors.ts';
import { readJson } from '../lib/json.ts';

/**
 * Parses a JSON column with its schema, so that a stored value of the wrong shape fails here,
 * naming the column, instead of travelling on under a type it does not have.
 *
 * @example parseStoredJson(overflowSchema, row.overflow, 'checkpoints.overflow')
 */
export function parseStoredJson<T>(schema: z.ZodType<T>, text: string, column: string): T {
  const value = readJson(text);
  if (value === undefined)
    throw new CheckpointError('internal', `${column}: the stored value is not JSON`);
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new CheckpointError('internal', `${column}: the stored value has the wrong shape`, {
      cause: parsed.error,
    });
  return parsed.data;
}
