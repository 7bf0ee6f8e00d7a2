/**
 * Data exports → drafts: which platform an export comes from (unless the user says), then
 * that platform's parser. Every parser is pure and names the file and line or field of
 * malformed input.
 */
import {
  type ExportFile,
  IMPORT_KINDS,
  ImportError,
  type ImportKind,
  type ParsedExport,
  type ParseOptions,
  textOf,
} from './common.ts';
import { LINKEDIN_FILES, parseLinkedIn } from './linkedin.ts';
import { FACEBOOK_POSTS, INSTAGRAM_POSTS, META_MESSAGES, parseMeta } from './meta.ts';
import { parseSnapchat, SNAPCHAT_CHATS } from './snapchat.ts';
import { looksLikeWhatsApp, parseWhatsApp } from './whatsapp.ts';
import { parseXArchive, X_TWEETS } from './x.ts';

export { type ExportFile, IMPORT_KINDS, ImportError, type ImportKind, type ParsedExport };

const base = (path: string) => path.split('/').pop()?.toLowerCase() ?? '';

/**
 * The platform an export comes from, from its file names (and a peek into .js/.txt files).
 *
 * @example sniffExport([{ path: 'data/tweets.js', data }]) // 'x'
 */
export function sniffExport(files: readonly ExportFile[]): ImportKind {
  const paths = files.map((f) => f.path);
  if (files.some((f) => X_TWEETS.test(f.path) && textOf(f).trimStart().startsWith('window.YTD.')))
    return 'x';
  if (paths.some((p) => LINKEDIN_FILES.includes(base(p)))) return 'linkedin';
  if (paths.some((p) => SNAPCHAT_CHATS.test(p))) return 'snapchat';
  if (
    paths.some((p) => /your_instagram_activity|(^|\/)instagram/i.test(p) || INSTAGRAM_POSTS.test(p))
  )
    return 'instagram';
  if (paths.some((p) => FACEBOOK_POSTS.test(p) || META_MESSAGES.test(p))) return 'facebook';
  if (files.some((f) => /\.txt$/i.test(f.path) && looksLikeWhatsApp(textOf(f).slice(0, 4096))))
    return 'whatsapp';
  const shown = paths.slice(0, 5).join(', ');
  throw new ImportError(
    `import: cannot tell which export this is (${shown || 'no text files'}); give the kind: ${IMPORT_KINDS.join(', ')}`,
    shown ? 'error.import.unknown' : 'error.import.unknownEmpty',
    { files: shown },
  );
}

/**
 * Parses an export's files into drafts.
 *
 * @example parseExport(files, { kind: 'whatsapp', tz: 'Europe/Berlin' }).drafts
 */
export function parseExport(
  files: ExportFile[],
  options: ParseOptions & { kind?: ImportKind | null } = {},
): ParsedExport {
  const kind = options.kind ?? sniffExport(files);
  switch (kind) {
    case 'x':
      return parseXArchive(files);
    case 'linkedin':
      return parseLinkedIn(files);
    case 'facebook':
    case 'instagram':
      return parseMeta(files, kind);
    case 'whatsapp':
      return parseWhatsApp(files, options);
    case 'snapchat':
      return parseSnapchat(files);
  }
}
