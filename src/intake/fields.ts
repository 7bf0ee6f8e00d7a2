/**
 * Loose field access for pushed payloads (JSON objects and form fields): senders differ in
 * names and types, so each reader takes several names and returns the first usable value.
 */
import { ValidationError } from '../domain/errors.ts';

export type Fields = Record<string, unknown>;

/** The payload as an object of fields, or a 400 naming the shape. */
export function asFields(value: unknown, shape: string): Fields {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError(`intake: ${shape} expects a JSON object`);
  }
  return value as Fields;
}

/** The first of `names` that is a non-empty string (numbers and booleans are stringified). */
export function text(fields: Fields, ...names: string[]): string | null {
  for (const name of names) {
    const value = fields[name];
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  }
  return null;
}

/** The first of `names` that is present (any type), for priority parsers. */
export function raw(fields: Fields, ...names: string[]): string | number | null {
  for (const name of names) {
    const value = fields[name];
    if (typeof value === 'string' || typeof value === 'number') return value;
  }
  return null;
}

/** Tags as an array or a comma-separated string. */
export function tagList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return list
    .filter((t): t is string | number => typeof t === 'string' || typeof t === 'number')
    .map((t) => String(t).trim())
    .filter(Boolean)
    .slice(0, 20);
}

/** Earliest and latest instants a pushed time may name (1970 to the end of year 9999). */
const EARLIEST = 0;
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * A time as Unix seconds, Unix milliseconds (≥ 10^11) or an ISO-8601 string; null when absent,
 * unreadable or absurd (`1e300`, year 300,000): then the item gets the time it arrived, and one
 * sender's odd clock never fails the message, nor the others stored with it.
 *
 * @example timeOf(1767225600) // 2026-01-01T00:00:00.000Z
 * @example timeOf(1e300) // null
 */
export function timeOf(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null;
  let ms: number;
  if (typeof value === 'number' || /^\d+(\.\d+)?$/.test(String(value))) {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) return null;
    ms = n >= 1e11 ? n : n * 1000;
  } else {
    ms = Date.parse(String(value));
  }
  return Number.isFinite(ms) && ms >= EARLIEST && ms <= LATEST ? new Date(ms) : null;
}

/** An absolute http(s) URL or null. */
export function httpUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** Limits of one pushed message (ntfy's title limit is similar; the body limit is HTTP's). */
export const MAX_TITLE = 500;

/** A title trimmed to MAX_TITLE characters, or null. */
export function titleOf(value: string | null): string | null {
  const t = value?.trim();
  return t ? t.slice(0, MAX_TITLE) : null;
}
