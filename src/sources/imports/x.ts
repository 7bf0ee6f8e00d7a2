/**
 * X (Twitter) archive: `data/tweets.js` (older archives `data/tweet.js`, large ones also
 * `data/tweets-part1.js` …), each `window.YTD.tweets.part0 = [ { "tweet": { … } } ]`, and
 * `data/account.js` for the user name in links. Texts come HTML-escaped, with t.co links that
 * `entities.urls` expands.
 */
import type { Attachment, ItemDraft } from '../../domain/types.ts';
import { escapeHtml } from '../../lib/escape-html.ts';
import { type ExportFile, ImportError, jsonOf, type ParsedExport, textOf } from './common.ts';

export const X_TWEETS = /(^|\/)tweets?(-part\d+)?\.js$/i;
const X_ACCOUNT = /(^|\/)account\.js$/i;
const YTD = /^\s*window\.YTD\.([\w]+)\.part(\d+)\s*=\s*/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

type Loose = Record<string, unknown>;

/** The array after `window.YTD.<name>.partN = `. */
function ytd(file: ExportFile): unknown[] {
  const text = textOf(file);
  const prefix = YTD.exec(text);
  if (!prefix) {
    throw new ImportError(
      `import: x ${file.path}: does not start with "window.YTD.<name>.part0 = " (not an X archive file)`,
      'error.import.shape',
      { platform: 'X', file: file.path },
    );
  }
  const json = jsonOf(file, 'x', text.slice(prefix[0].length).trim().replace(/;$/, ''));
  if (!Array.isArray(json))
    throw new ImportError(
      `import: x ${file.path}: window.YTD.${prefix[1]}.part${prefix[2]} is not an array`,
      'error.import.shape',
      { platform: 'X', file: file.path },
    );
  return json;
}

/** "Wed Oct 10 20:19:24 +0000 2018" → Date. */
function twitterDate(value: unknown): Date | null {
  const m = /^\w{3} (\w{3}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/.exec(
    String(value ?? ''),
  );
  if (!m) return null;
  const month = MONTHS.indexOf(m[1]!);
  if (month < 0) return null;
  const offset = (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8])) * 60_000;
  return new Date(Date.UTC(+m[9]!, month, +m[2]!, +m[3]!, +m[4]!, +m[5]!) - offset);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The tweet text as HTML: t.co links expanded, @mentions linked, line breaks kept. */
function tweetHtml(tweet: Loose): string {
  let html = escapeHtml(decodeEntities(String(tweet.full_text ?? tweet.text ?? '')));
  const entities = (tweet.entities ?? {}) as { urls?: Loose[]; user_mentions?: Loose[] };
  for (const u of entities.urls ?? []) {
    if (typeof u.url !== 'string' || typeof u.expanded_url !== 'string') continue;
    const label = escapeHtml(String(u.display_url ?? u.expanded_url));
    html = html
      .split(escapeHtml(u.url))
      .join(`<a href="${escapeHtml(u.expanded_url)}">${label}</a>`);
  }
  for (const m of entities.user_mentions ?? []) {
    if (typeof m.screen_name !== 'string') continue;
    const name = escapeHtml(m.screen_name);
    html = html.replace(
      new RegExp(`@${name}\\b`, 'g'),
      `<a href="https://x.com/${name}">@${name}</a>`,
    );
  }
  return `<p>${html.replace(/\n/g, '<br>')}</p>`;
}

function media(tweet: Loose): Attachment[] {
  const list =
    ((tweet.extended_entities ?? tweet.entities ?? {}) as { media?: Loose[] }).media ?? [];
  return list
    .filter((m) => typeof m.media_url_https === 'string')
    .map((m) => ({
      url: String(m.media_url_https),
      type: m.type === 'photo' ? 'image/*' : 'video/*',
      length: null,
      title: null,
    }));
}

function username(files: ExportFile[]): string | null {
  const file = files.find((f) => X_ACCOUNT.test(f.path));
  if (!file) return null;
  const first = ytd(file)[0] as { account?: { username?: unknown } } | undefined;
  return typeof first?.account?.username === 'string' ? first.account.username : null;
}

/**
 * The tweets of an archive as archive posts.
 *
 * @example parseXArchive(files).drafts[0].url // 'https://x.com/jack/status/20'
 */
export function parseXArchive(files: ExportFile[]): ParsedExport {
  const tweetFiles = files.filter((f) => X_TWEETS.test(f.path));
  if (tweetFiles.length === 0)
    throw new ImportError('import: x: no data/tweets.js in the archive', 'error.import.missing', {
      platform: 'X',
      files: 'data/tweets.js',
    });
  const user = username(files);
  const drafts: ItemDraft[] = [];
  for (const file of tweetFiles) {
    ytd(file).forEach((entry, i) => {
      const where = `import: x ${file.path}: tweets[${i}]`;
      const tweet = ((entry as Loose)?.tweet ?? entry) as Loose;
      const id = tweet.id_str ?? tweet.id;
      if (typeof id !== 'string' && typeof id !== 'number')
        throw new ImportError(`${where}.tweet.id_str is missing`, 'error.import.fieldMissing', {
          entry: `${file.path} tweets[${i}]`,
          field: 'tweet.id_str',
        });
      const publishedAt = twitterDate(tweet.created_at);
      if (!publishedAt)
        throw new ImportError(
          `${where}.tweet.created_at is not a date ("${String(tweet.created_at)}")`,
          'error.import.fieldDate',
          {
            entry: `${file.path} tweets[${i}]`,
            field: 'tweet.created_at',
            value: String(tweet.created_at),
          },
        );
      const reply =
        typeof tweet.in_reply_to_screen_name === 'string' ? tweet.in_reply_to_screen_name : null;
      drafts.push({
        externalId: `tweet:${id}`,
        kind: 'post',
        url: `https://x.com/${user ?? 'i/web'}/status/${id}`,
        title: null,
        author: user ? `@${user}` : null,
        contentHtml: tweetHtml(tweet),
        summary: null,
        publishedAt,
        baseUrl: null,
        attachments: media(tweet),
        extra: { import: 'x', ...(reply ? { inReplyTo: reply } : {}) },
      });
    });
  }
  return { kind: 'x', drafts, files: [...tweetFiles.map((f) => f.path)] };
}
