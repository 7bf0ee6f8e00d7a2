/**
 * WhatsApp "Export chat" text files. Android writes `31/12/2023, 23:59 - Ann: text`, iOS
 * `[31/12/2023, 23:59:07] Ann: text` (often after a U+200E mark); the date order follows the
 * phone's locale (day or month first, `/`, `.` or `-`, 2- or 4-digit years, 24 h or AM/PM
 * with a narrow no-break space). Lines without a date continue the message above. Media
 * appear as `<Media omitted>`, `image omitted` or `<attached: …>`. Times are local to the
 * phone: `tz` says which zone.
 */
import { zonedTime } from '../../domain/schedule.ts';
import type { ItemDraft } from '../../domain/types.ts';
import { textToHtml } from '../../lib/escape-html.ts';
import {
  type ExportFile,
  ImportError,
  type ParsedExport,
  type ParseOptions,
  shortHash,
  textOf,
  uniqueIds,
} from './common.ts';

const TIME = String.raw`(\d{1,2})[./-](\d{1,2})[./-](\d{2,4}),? (\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:[\s\u202f\u00a0]*([AaPp])\.?\s?[Mm]\.?)?`;
const ANDROID = new RegExp(`^${TIME} [-–] (.*)$`);
const IOS = new RegExp(`^\\[${TIME}\\] (.*)$`);
const MEDIA =
  /^(?:<Media omitted>|<Médias omis>|(?:image|video|audio|sticker|GIF|document|Contact card) omitted|<attached: [^>]+>)$/i;

interface Raw {
  line: number;
  parts: number[];
  ampm: string | null;
  rest: string;
}

/** Whether a text looks like a WhatsApp export (its first non-empty line is a message header). */
export function looksLikeWhatsApp(text: string): boolean {
  const first = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .find((l) => l.trim() !== '');
  return first !== undefined && header(first) !== null;
}

function header(line: string): Omit<Raw, 'line'> | null {
  const clean = line.replace(/^[\u200e\u200f]+/, '');
  const m = ANDROID.exec(clean) ?? IOS.exec(clean);
  if (!m) return null;
  return {
    parts: m.slice(1, 7).map((v) => Number(v ?? 0)),
    ampm: m[7]?.toLowerCase() ?? null,
    rest: m[8] ?? '',
  };
}

/**
 * Day-first or month-first, from the file: a first number above 12 means day-first, a second
 * above 12 month-first; when no date tells, the order that keeps the messages in time order
 * wins (ties: day-first, the more common).
 */
export function dateOrder(raws: readonly { parts: number[] }[]): 'dmy' | 'mdy' {
  const dayFirst = raws.some((r) => r.parts[0]! > 12);
  const monthFirst = raws.some((r) => r.parts[1]! > 12);
  if (dayFirst && monthFirst) {
    throw new ImportError(
      'import: whatsapp: the dates mix day-first and month-first orders',
      'error.import.dateOrder',
    );
  }
  if (dayFirst) return 'dmy';
  if (monthFirst) return 'mdy';
  const inversions = (order: 'dmy' | 'mdy') => {
    let count = 0;
    let last = -Infinity;
    for (const r of raws) {
      const [a, b, y] = r.parts as [number, number, number];
      const key = (y < 100 ? 2000 + y : y) * 10_000 + (order === 'dmy' ? b * 100 + a : a * 100 + b);
      if (key < last) count++;
      last = key;
    }
    return count;
  };
  return inversions('mdy') < inversions('dmy') ? 'mdy' : 'dmy';
}

function instant(
  raw: Raw,
  order: 'dmy' | 'mdy',
  tz: string | null | undefined,
  where: string,
): Date {
  const [a, b, y, h, mi, s] = raw.parts as [number, number, number, number, number, number];
  const day = order === 'dmy' ? a : b;
  const month = order === 'dmy' ? b : a;
  let hour = h;
  if (raw.ampm) hour = (h % 12) + (raw.ampm === 'p' ? 12 : 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || mi > 59) {
    throw new ImportError(
      `import: whatsapp ${where} line ${raw.line}: not a valid date or time`,
      'error.import.lineDate',
      { file: where, line: raw.line },
    );
  }
  return zonedTime(y < 100 ? 2000 + y : y, month, day, hour, mi, s, tz);
}

/** The chat's name from the export's file name ("WhatsApp Chat with Ann.txt" → "Ann"). */
export function chatName(path: string, hint?: string | null): string {
  for (const candidate of [path.split('/').pop() ?? '', hint ?? '']) {
    const m = /^WhatsApp Chat (?:with|-) (.+?)(?:\.txt|\.zip)?$/i.exec(candidate);
    if (m?.[1]) return m[1];
  }
  return 'WhatsApp chat';
}

function collect(file: ExportFile): Raw[] {
  const raws: Raw[] = [];
  textOf(file)
    .split(/\r?\n/)
    .forEach((line, i) => {
      const h = header(line);
      if (h) raws.push({ line: i + 1, ...h });
      else if (raws.length)
        raws[raws.length - 1]!.rest += `\n${line.replace(/^[\u200e\u200f]+/, '')}`;
      else if (line.trim() !== '') {
        throw new ImportError(
          `import: whatsapp ${file.path} line ${i + 1}: expected a message line like "31/12/2023, 23:59 - Name: text"`,
          'error.import.whatsappLine',
          { file: file.path, line: i + 1 },
        );
      }
    });
  if (raws.length === 0)
    throw new ImportError(`import: whatsapp ${file.path}: no messages`, 'error.import.noMessages', {
      file: file.path,
    });
  return raws;
}

/**
 * The messages of one or more chat exports.
 *
 * @example parseWhatsApp([{ path: 'WhatsApp Chat with Ann.txt', data }], { tz: 'Europe/Berlin' })
 */
export function parseWhatsApp(files: ExportFile[], options: ParseOptions = {}): ParsedExport {
  const chats = files.filter((f) => /\.txt$/i.test(f.path));
  if (chats.length === 0)
    throw new ImportError(
      'import: whatsapp: no chat .txt file in the export',
      'error.import.whatsappNoChat',
    );
  const drafts: ItemDraft[] = [];
  for (const file of chats) {
    const raws = collect(file);
    const order = dateOrder(raws);
    const chat = chatName(file.path, options.name);
    for (const raw of raws) {
      const at = instant(raw, order, options.tz, file.path);
      const colon = raw.rest.indexOf(': ');
      const sender =
        colon > 0 && colon <= 60 && !raw.rest.slice(0, colon).includes('\n')
          ? raw.rest.slice(0, colon)
          : null;
      const text = (sender ? raw.rest.slice(colon + 2) : raw.rest)
        .replace(/^[\u200e\u200f]+/, '')
        .trimEnd();
      const media = MEDIA.test(text.trim());
      drafts.push({
        externalId: `wa:${shortHash(chat, at.getTime(), sender, text)}`,
        kind: 'message',
        url: null,
        title: chat,
        author: sender,
        contentHtml: media ? '<p>[media omitted]</p>' : textToHtml(text),
        summary: null,
        publishedAt: at,
        baseUrl: null,
        extra: {
          import: 'whatsapp',
          chat,
          ...(sender ? {} : { system: true }),
          ...(media ? { media: text.trim() } : {}),
        },
      });
    }
  }
  return { kind: 'whatsapp', drafts: uniqueIds(drafts), files: chats.map((f) => f.path) };
}
