/**
 * Snapchat "My Data" `chat_history.json`. Current exports map each friend to their messages
 * (`From`, `Media Type`, `Created` "2024-01-31 12:00:00 UTC", `Content`, `IsSender`); older
 * ones have "Received Saved Chat History" / "Sent Saved Chat History" lists with `From`/`To`
 * and `Text`.
 */
import type { ItemDraft } from '../../domain/types.ts';
import { textToHtml } from '../../lib/escape-html.ts';
import {
  type ExportFile,
  ImportError,
  jsonOf,
  type ParsedExport,
  shortHash,
  uniqueIds,
  utcDateTime,
} from './common.ts';

type Loose = Record<string, unknown>;

export const SNAPCHAT_CHATS = /(^|\/)chat_history\.json$/i;
const OLD_LISTS = /^(Received|Sent)( Saved)? Chat History$/i;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

function message(conversation: string, m: Loose, where: string): ItemDraft {
  const created = str(m.Created);
  const at = utcDateTime(created);
  if (!at)
    throw new ImportError(
      `import: snapchat ${where}.Created is not a date ("${created ?? ''}")`,
      'error.import.fieldDate',
      { entry: where, field: 'Created', value: created ?? '' },
    );
  const from = str(m.From) ?? (m.IsSender === true ? 'me' : null);
  const text = str(m.Content) ?? str(m.Text);
  const mediaType = str(m['Media Type']) ?? 'TEXT';
  return {
    externalId: `snap:${conversation}:${at.getTime()}:${shortHash(from, text, mediaType)}`,
    kind: 'message',
    url: null,
    title: str(m['Conversation Title']) ?? conversation,
    author: from,
    contentHtml: text ? textToHtml(text) : `<p>[${mediaType.toLowerCase()}]</p>`,
    summary: null,
    publishedAt: at,
    baseUrl: null,
    extra: { import: 'snapchat', conversation, mediaType },
  };
}

/**
 * The messages of a chat_history.json.
 *
 * @example parseSnapchat([{ path: 'json/chat_history.json', data }]).drafts[0].kind // 'message'
 */
export function parseSnapchat(files: ExportFile[]): ParsedExport {
  const file = files.find((f) => SNAPCHAT_CHATS.test(f.path));
  if (!file)
    throw new ImportError(
      'import: snapchat: no chat_history.json in the export',
      'error.import.missing',
      { platform: 'Snapchat', files: 'chat_history.json' },
    );
  const json = jsonOf(file, 'snapchat');
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new ImportError(
      `import: snapchat ${file.path}: expected an object of conversations`,
      'error.import.shape',
      { platform: 'Snapchat', file: file.path },
    );
  }
  const drafts: ItemDraft[] = [];
  for (const [key, list] of Object.entries(json as Loose)) {
    if (!Array.isArray(list))
      throw new ImportError(
        `import: snapchat ${file.path}: "${key}" is not a list of messages`,
        'error.import.shape',
        { platform: 'Snapchat', file: file.path },
      );
    const old = OLD_LISTS.test(key);
    list.forEach((m, i) => {
      const entry = (m ?? {}) as Loose;
      const conversation = old ? (str(entry.From) ?? str(entry.To) ?? 'unknown') : key;
      drafts.push(message(conversation, entry, `${file.path}: "${key}"[${i}]`));
    });
  }
  return { kind: 'snapchat', drafts: uniqueIds(drafts), files: [file.path] };
}
