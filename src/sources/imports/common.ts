/** Shared pieces of the data-export parsers: the error type, stable ids, UTC dates. */
import { createHash } from 'node:crypto';
import { ValidationError } from '../../domain/errors.ts';
import type { ItemDraft } from '../../domain/types.ts';

/** The platforms whose exports Checkpoint imports. */
export const IMPORT_KINDS = [
  'x',
  'linkedin',
  'facebook',
  'instagram',
  'whatsapp',
  'snapchat',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** One file of an export (a ZIP entry or the single file given). */
export interface ExportFile {
  path: string;
  data: Uint8Array;
}

export interface ParseOptions {
  /** IANA zone of local times in the export (WhatsApp); default UTC. */
  tz?: string | null;
  /** The name the user gave the upload (for a WhatsApp chat's name). */
  name?: string | null;
}

/** What a parser found in an export. */
export interface ParsedExport {
  kind: ImportKind;
  drafts: ItemDraft[];
  /** Files that were read, for the report. */
  files: string[];
}

/**
 * Malformed export input; the message names the file and line or field. `key` and `params`
 * say the same in the web UI's catalogs (`error.import.…`).
 */
export class ImportError extends ValidationError {
  constructor(message: string, key: string, params?: Record<string, string | number>) {
    super(message, [], { localised: { key, ...(params ? { params } : {}) } });
  }
}

/** A short stable hash for ids built from content. */
export function shortHash(...parts: (string | number | null | undefined)[]): string {
  return createHash('sha1')
    .update(parts.map((p) => String(p ?? '')).join('\u0000'))
    .digest('base64url')
    .slice(0, 16);
}

/**
 * Gives each id a suffix when it repeats (two identical messages in the same second stay two
 * items), so that ids are stable across imports of the same file.
 */
export function uniqueIds(drafts: ItemDraft[]): ItemDraft[] {
  const seen = new Map<string, number>();
  for (const draft of drafts) {
    const n = seen.get(draft.externalId) ?? 0;
    seen.set(draft.externalId, n + 1);
    if (n > 0) draft.externalId = `${draft.externalId}#${n}`;
  }
  return drafts;
}

/** The file's text (UTF-8, BOM dropped). */
export function textOf(file: ExportFile): string {
  return new TextDecoder('utf-8').decode(file.data).replace(/^\uFEFF/, '');
}

/** Parses JSON, naming the file and position on failure. */
export function jsonOf(file: ExportFile, platform: string, text = textOf(file)): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ImportError(
      `import: ${platform} ${file.path}: malformed JSON (${(error as Error).message})`,
      'error.import.json',
      { file: file.path, reason: (error as Error).message },
    );
  }
}

/** `2023-05-04 10:22:11` (optionally with ` UTC`) as a UTC instant, or null. */
export function utcDateTime(value: string | null | undefined): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?: ?UTC|Z)?$/.exec(
    value?.trim() ?? '',
  );
  if (!m) return null;
  const date = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)));
  return Number.isNaN(date.getTime()) ? null : date;
}
