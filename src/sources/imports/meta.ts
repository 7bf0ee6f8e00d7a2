/**
 * Facebook and Instagram "Download your information" (JSON format): posts
 * (`your_posts_1.json`, `posts_1.json`) and messages (`messages/inbox/<thread>/message_1.json`,
 * also under `your_activity_across_facebook/` and `your_instagram_activity/`). Meta writes
 * every string as UTF-8 bytes escaped one by one as Latin-1 code points ("CafÃ©" for
 * "Café"); `fixMetaText` undoes that.
 */
import type { ItemDraft } from '../../domain/types.ts';
import { escapeHtml, textToHtml } from '../../lib/escape-html.ts';
import {
  type ExportFile,
  ImportError,
  jsonOf,
  type ParsedExport,
  shortHash,
  uniqueIds,
} from './common.ts';

type Loose = Record<string, unknown>;

/** A conversation file: messages/inbox/<thread>/message_1.json, or such a file alone. */
export const META_MESSAGES = /(^|\/)message_\d+\.json$/i;
export const FACEBOOK_POSTS =
  /(^|\/)(your_posts|your_posts__check_ins__photos_and_videos)_\d+\.json$/i;
export const INSTAGRAM_POSTS = /(^|\/)posts_\d+\.json$/i;

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Undoes Meta's mojibake: a string whose characters are all ≤ U+00FF and form valid UTF-8
 * when taken as bytes is decoded as UTF-8; anything else is returned unchanged.
 *
 * @example fixMetaText('CafÃ© ð\u009f\u0098\u0080') // 'Café 😀'
 */
export function fixMetaText(value: string): string {
  if (!/[\u0080-\u00ff]/.test(value) || [...value].some((c) => c.charCodeAt(0) > 0xff))
    return value;
  try {
    return strict.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

const str = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() ? fixMetaText(value) : null;

/** Seconds (Meta's `timestamp`, `creation_timestamp`) → Date, or null. */
function seconds(value: unknown): Date | null {
  return typeof value === 'number' && value > 0 ? new Date(value * 1000) : null;
}

/** The platform as people write it, for messages. */
const platformName = (platform: string) => (platform === 'facebook' ? 'Facebook' : 'Instagram');

/** The list of a posts file: an array, or the first array inside a wrapper object. */
function postList(file: ExportFile, platform: string): Loose[] {
  const json = jsonOf(file, platform);
  if (Array.isArray(json)) return json as Loose[];
  const inner =
    json && typeof json === 'object' ? Object.values(json as Loose).find(Array.isArray) : null;
  if (!inner)
    throw new ImportError(
      `import: ${platform} ${file.path}: expected a list of posts`,
      'error.import.shape',
      { platform: platformName(platform), file: file.path },
    );
  return inner as Loose[];
}

function facebookPost(post: Loose, i: number, file: ExportFile): ItemDraft {
  const published = seconds(post.timestamp);
  if (!published)
    throw new ImportError(
      `import: facebook ${file.path}: [${i}].timestamp is missing or not a number`,
      'error.import.fieldMissing',
      { entry: `${file.path} [${i}]`, field: 'timestamp' },
    );
  const data = Array.isArray(post.data) ? (post.data as Loose[]) : [];
  const text = data.map((d) => str(d.post)).find(Boolean) ?? '';
  const links: string[] = [];
  const media: string[] = [];
  for (const attachment of Array.isArray(post.attachments) ? (post.attachments as Loose[]) : []) {
    for (const d of Array.isArray(attachment.data) ? (attachment.data as Loose[]) : []) {
      const url = str((d.external_context as Loose | undefined)?.url);
      if (url) links.push(url);
      const m = d.media as Loose | undefined;
      const label = str(m?.title) ?? str(m?.description) ?? str(m?.uri);
      if (label) media.push(label);
    }
  }
  const html =
    textToHtml(text) +
    links.map((u) => `<p><a href="${escapeHtml(u)}">${escapeHtml(u)}</a></p>`).join('') +
    media.map((m) => `<p>📷 ${escapeHtml(m)}</p>`).join('');
  return {
    externalId: `post:${post.timestamp}:${shortHash(text, links.join(' '), media.join(' '))}`,
    kind: 'post',
    url: links[0] ?? null,
    title: str(post.title),
    author: null,
    contentHtml: html || null,
    summary: null,
    publishedAt: published,
    baseUrl: null,
    extra: { import: 'facebook' },
  };
}

function instagramPost(post: Loose, i: number, file: ExportFile): ItemDraft {
  const media = Array.isArray(post.media) ? (post.media as Loose[]) : [];
  const first = media[0];
  const published = seconds(post.creation_timestamp ?? first?.creation_timestamp);
  if (!published)
    throw new ImportError(
      `import: instagram ${file.path}: [${i}].media[0].creation_timestamp is missing`,
      'error.import.fieldMissing',
      { entry: `${file.path} [${i}]`, field: 'media[0].creation_timestamp' },
    );
  const caption = str(post.title) ?? str(first?.title) ?? '';
  const files = media.map((m) => str(m.uri)).filter((u): u is string => Boolean(u));
  return {
    externalId: `post:${published.getTime() / 1000}:${shortHash(files[0] ?? caption)}`,
    kind: 'post',
    url: null,
    title: null,
    author: null,
    contentHtml:
      textToHtml(caption) + files.map((f) => `<p>📷 ${escapeHtml(f)}</p>`).join('') || null,
    summary: null,
    publishedAt: published,
    baseUrl: null,
    extra: { import: 'instagram', media: files },
  };
}

function messageBody(m: Loose): string {
  const parts: string[] = [];
  const content = str(m.content);
  if (content) parts.push(textToHtml(content));
  const share = m.share as Loose | undefined;
  const link = str(share?.link);
  if (link)
    parts.push(
      `<p><a href="${escapeHtml(link)}">${escapeHtml(str(share?.share_text) ?? link)}</a></p>`,
    );
  for (const key of ['photos', 'videos', 'audio_files', 'files', 'gifs']) {
    const list = Array.isArray(m[key]) ? (m[key] as Loose[]) : [];
    for (const item of list) parts.push(`<p>📎 ${escapeHtml(str(item.uri) ?? key)}</p>`);
  }
  if (m.sticker) parts.push('<p>[sticker]</p>');
  return parts.join('') || '<p>[no text]</p>';
}

function thread(file: ExportFile, platform: 'facebook' | 'instagram'): ItemDraft[] {
  const json = jsonOf(file, platform) as Loose;
  if (!json || typeof json !== 'object' || !Array.isArray(json.messages)) {
    throw new ImportError(
      `import: ${platform} ${file.path}: no "messages" array (not a message_N.json)`,
      'error.import.shape',
      { platform: platformName(platform), file: file.path },
    );
  }
  const title = str(json.title) ?? 'Conversation';
  const threadId = str(json.thread_path) ?? file.path.replace(/\/message_\d+\.json$/i, '');
  return (json.messages as Loose[]).map((m, i) => {
    if (typeof m.timestamp_ms !== 'number') {
      throw new ImportError(
        `import: ${platform} ${file.path}: messages[${i}].timestamp_ms is missing or not a number`,
        'error.import.fieldMissing',
        { entry: `${file.path} messages[${i}]`, field: 'timestamp_ms' },
      );
    }
    const sender = str(m.sender_name);
    return {
      externalId: `message:${threadId}:${m.timestamp_ms}:${shortHash(sender, str(m.content))}`,
      kind: 'message' as const,
      url: null,
      title,
      author: sender,
      contentHtml: messageBody(m),
      summary: null,
      publishedAt: new Date(m.timestamp_ms),
      baseUrl: null,
      extra: { import: platform, thread: threadId },
    };
  });
}

/**
 * The posts and messages of a Facebook or Instagram export.
 *
 * @example parseMeta(files, 'facebook').drafts.filter((d) => d.kind === 'message')
 */
export function parseMeta(files: ExportFile[], platform: 'facebook' | 'instagram'): ParsedExport {
  const drafts: ItemDraft[] = [];
  const used: string[] = [];
  for (const file of files) {
    if (META_MESSAGES.test(file.path)) drafts.push(...thread(file, platform));
    else if (platform === 'facebook' && FACEBOOK_POSTS.test(file.path))
      drafts.push(...postList(file, platform).map((p, i) => facebookPost(p, i, file)));
    else if (platform === 'instagram' && INSTAGRAM_POSTS.test(file.path))
      drafts.push(...postList(file, platform).map((p, i) => instagramPost(p, i, file)));
    else continue;
    used.push(file.path);
  }
  if (used.length === 0) {
    throw new ImportError(
      `import: ${platform}: no posts or messages (your_posts_1.json, posts_1.json, messages/inbox/…/message_1.json) in the export`,
      'error.import.missing',
      {
        platform: platformName(platform),
        files: 'your_posts_1.json, posts_1.json, messages/inbox/…/message_1.json',
      },
    );
  }
  return { kind: platform, drafts: uniqueIds(drafts), files: used };
}
