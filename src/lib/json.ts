import type { z } from 'zod';

/**
 * The value of a JSON text, or `undefined` when the text is not JSON: for stored and received
 * text that may be damaged, where "not JSON" is an answer rather than an exception.
 *
 * @example readJson('{"a":1}') // { a: 1 }
 * @example readJson('{"a":') // undefined
 */
export function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A JSON text read through `schema`: the parsed value, or `undefined` when the text is not
 * JSON or not of that shape. Nothing is trusted on its word (no unchecked cast).
 *
 * @example readJsonAs(z.object({ a: z.number() }), '{"a":1}') // { a: 1 }
 */
export function readJsonAs<T>(schema: z.ZodType<T>, text: string): T | undefined {
  const value = readJson(text);
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}
