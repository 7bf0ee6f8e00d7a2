/**
 * Shared settings of the property-based suite: a fixed seed and a few hundred runs in
 * `npm test`; `npm run fuzz` sets FUZZ_RUNS (and optionally FUZZ_SEED) to run it long.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { CheckpointError } from '../../src/domain/errors.ts';

const runs = Number(process.env.FUZZ_RUNS ?? '') || 200;
const seed = Number(process.env.FUZZ_SEED ?? '') || 20261207;

/** fast-check parameters for one property: the fixed seed, FUZZ_RUNS (200 by default). */
export function params(scale = 1): fc.Parameters<unknown> {
  return { seed, numRuns: Math.max(1, Math.round(runs * scale)), endOnFailure: true };
}

/** How long a long run (`npm run fuzz`) may take per property, so vitest does not give up first. */
export const TIMEOUT = Math.max(30_000, runs * 100);

export const fixture = (path: string): Buffer =>
  readFileSync(new URL(`../fixtures/${path}`, import.meta.url));

/** Pieces that break parsers: markup, entities, encodings, quotes, separators, surrogates. */
const NASTY = [
  ...'<>&;"\'/=![]?-#:,{}\\\r\n\t',
  '\u0000',
  '\ufeff',
  '\ud800',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<!DOCTYPE x [<!ENTITY a "&a;&a;">]>',
  '&#',
  '&#x110000;',
  '&amp',
  '&a;',
  'xmlns:a="',
  '=?UTF-8?B?',
  '?=',
  '--boundary',
  'Content-Type: multipart/mixed; boundary="b"',
  'charset=utf-16',
  '\u00e9\u00fc\u4e2d',
  '9'.repeat(40),
  '-1e308',
  '1e300',
].map((s) => Buffer.from(s, 'utf8'));

/**
 * A real input mutated the way broken senders and truncated downloads do: cut short, bytes
 * flipped, nasty pieces inserted, slices dropped or repeated.
 *
 * @example fc.assert(fc.property(mutated(bytes), (b) => …))
 */
export function mutated(original: Buffer): fc.Arbitrary<Buffer> {
  const at = fc.nat({ max: Math.max(0, original.length) });
  const edit = fc.oneof(
    fc.record({ op: fc.constant('cut' as const), at }),
    fc.record({ op: fc.constant('flip' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ op: fc.constant('insert' as const), at, piece: fc.constantFrom(...NASTY) }),
    fc.record({ op: fc.constant('drop' as const), at, length: fc.nat({ max: 200 }) }),
    fc.record({ op: fc.constant('repeat' as const), at, length: fc.nat({ max: 200 }) }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let bytes = original;
    for (const e of edits) {
      const i = Math.min(e.at, bytes.length);
      if (e.op === 'cut') bytes = bytes.subarray(0, i);
      else if (e.op === 'flip' && i < bytes.length) {
        bytes = Buffer.from(bytes);
        bytes[i] = e.byte;
      } else if (e.op === 'insert')
        bytes = Buffer.concat([bytes.subarray(0, i), e.piece, bytes.subarray(i)]);
      else if (e.op === 'drop')
        bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + e.length)]);
      else if (e.op === 'repeat') {
        const slice = bytes.subarray(i, i + e.length);
        bytes = Buffer.concat([bytes.subarray(0, i), slice, slice, bytes.subarray(i)]);
      }
    }
    return bytes;
  });
}

/** Random text that looks a little like markup (so parsers get past their first check). */
export const markupish = fc
  .array(
    fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...NASTY.map((b) => b.toString()))),
    {
      maxLength: 40,
    },
  )
  .map((parts) => parts.join(''));

/**
 * Runs `fn`; passes when it returns, or throws one of our typed errors (`CheckpointError`);
 * any other throw (TypeError, RangeError …) fails the property with that error.
 */
export function parsesOrTypedError<T>(fn: () => T): T | CheckpointError {
  try {
    return fn();
  } catch (error) {
    if (error instanceof CheckpointError) return error;
    throw error;
  }
}

/** The async twin of `parsesOrTypedError`. */
export async function parsesOrTypedErrorAsync<T>(
  fn: () => Promise<T>,
): Promise<T | CheckpointError> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof CheckpointError) return error;
    throw error;
  }
}

/** A date is absent or a real instant (never `Invalid Date`, which the database refuses). */
export function isValidOrNull(date: Date | null | undefined): boolean {
  return date === null || date === undefined || Number.isFinite(date.getTime());
}
