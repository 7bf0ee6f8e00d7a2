/**
 * Importing a data export as a searchable archive: the export is read (ZIP or single file),
 * parsed by its platform's parser, and stored in the user's import source for that platform
 * in batches. Ids are stable, so importing the same export again adds nothing; imported items
 * never would have pushed.
 */
import { findSourceByUrl, insertSource } from '../../db/repos/sources.ts';
import type { SourceRow } from '../../db/schema.ts';
import { invalid } from '../../domain/errors.ts';
import { isTimeZone } from '../../domain/schedule.ts';
import { readExport } from '../../sources/imports/archive.ts';
import { type ImportKind, parseExport } from '../../sources/imports/index.ts';
import type { App } from '../app.ts';
import { ingestDrafts } from '../items/ingest.ts';

const NAMES: Record<ImportKind, string> = {
  x: 'X archive',
  linkedin: 'LinkedIn export',
  facebook: 'Facebook export',
  instagram: 'Instagram export',
  whatsapp: 'WhatsApp chats',
  snapchat: 'Snapchat chats',
};

/** Items stored per transaction. */
const BATCH = 500;

export interface ImportProgress {
  phase: 'reading' | 'storing';
  done: number;
  /** Bytes (reading, when known) or items (storing). */
  total: number | null;
}

export interface ImportOptions {
  kind?: ImportKind | null;
  /** IANA zone of the export's local times (WhatsApp); default UTC. */
  tz?: string | null;
  /** Size of the input in bytes, for progress. */
  size?: number | null;
  onProgress?(progress: ImportProgress): void;
}

export interface ImportResult {
  kind: ImportKind;
  sourceId: number;
  sourceName: string;
  /** Files of the export that were read. */
  files: string[];
  found: number;
  added: number;
  /** Already imported (same ids). */
  unchanged: number;
}

/** The user's archive source of a platform, created on first import. */
async function importSource(app: App, userId: number, kind: ImportKind): Promise<SourceRow> {
  const url = `import:${kind}`;
  const existing = await findSourceByUrl(app.db.kysely, userId, 'import', url);
  if (existing) return existing;
  const now = app.clock.now().getTime();
  try {
    return await insertSource(app.db.kysely, {
      user_id: userId,
      kind: 'import',
      name: NAMES[kind],
      url,
      config: JSON.stringify({ platform: kind }),
      created_at: now,
      last_success_at: now,
    });
  } catch (error) {
    const again = await findSourceByUrl(app.db.kysely, userId, 'import', url);
    if (again) return again;
    throw error;
  }
}

/**
 * Imports an export given as a stream of bytes (a file from disk, an upload).
 *
 * @example await importExport(app, user.id, 'twitter.zip', createReadStream(path), { onProgress })
 */
export async function importExport(
  app: App,
  userId: number,
  name: string,
  chunks: AsyncIterable<Uint8Array>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  if (options.tz && !isTimeZone(options.tz)) {
    throw invalid(
      `import: "${options.tz}" is not a time zone like Europe/Berlin`,
      'error.timeZone',
      {
        tz: options.tz,
      },
    );
  }
  const report = options.onProgress ?? (() => {});
  const files = await readExport(name, chunks, (done) =>
    report({ phase: 'reading', done, total: options.size ?? null }),
  );
  const parsed = parseExport(files, { kind: options.kind ?? null, tz: options.tz ?? null, name });
  const source = await importSource(app, userId, parsed.kind);
  const total = parsed.drafts.length;
  let added = 0;
  report({ phase: 'storing', done: 0, total });
  for (let i = 0; i < total; i += BATCH) {
    const stored = await ingestDrafts(app, source, parsed.drafts.slice(i, i + BATCH));
    added += stored.inserted.length;
    report({ phase: 'storing', done: Math.min(total, i + BATCH), total });
  }
  return {
    kind: parsed.kind,
    sourceId: source.id,
    sourceName: source.name,
    files: parsed.files,
    found: total,
    added,
    unchanged: total - added,
  };
}
