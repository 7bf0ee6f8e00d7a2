/**
 * Bluesky embed views → HTML and attachments: images, external link cards, quoted posts
 * (app.bsky.embed.record#view with its viewRecord, or a post that is not available), quotes
 * with media (recordWithMedia) and videos. Pure.
 */
import type { Attachment } from '../../domain/types.ts';
import { escapeHtml } from '../../lib/escape-html.ts';
import { richTextHtml } from './richtext.ts';
import type { BskyEmbedView, BskyFacet, BskyProfile } from './types.ts';

export interface EmbedRendering {
  html: string;
  attachments: Attachment[];
}

type Loose = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const list = (value: unknown): Loose[] => (Array.isArray(value) ? (value as Loose[]) : []);

/** https://bsky.app/profile/<handle or did>/post/<rkey> for an at:// post URI. */
export function postUrl(uri: string, author?: BskyProfile | null): string | null {
  const match = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/?#]+)$/.exec(uri);
  if (!match) return null;
  const who = author?.handle && author.handle !== 'handle.invalid' ? author.handle : match[1];
  return `https://bsky.app/profile/${who}/post/${match[2]}`;
}

/** "Display Name (@handle)" or "@handle". */
export function profileLabel(profile: BskyProfile | null | undefined): string | null {
  if (!profile) return null;
  const handle = profile.handle ? `@${profile.handle}` : profile.did;
  const name = profile.displayName?.trim();
  return name ? `${name} (${handle})` : handle;
}

function images(view: Loose, out: EmbedRendering): void {
  for (const image of list(view.images)) {
    const full = str(image.fullsize) ?? str(image.thumb);
    if (!full) continue;
    const alt = str(image.alt) ?? '';
    out.html += `<p><img src="${escapeHtml(full)}" alt="${escapeHtml(alt)}"></p>`;
    out.attachments.push({ url: full, type: 'image/*', length: null, title: alt || null });
  }
}

function external(view: Loose, out: EmbedRendering): void {
  const ext = (view.external ?? {}) as Loose;
  const uri = str(ext.uri);
  if (!uri) return;
  const title = escapeHtml(str(ext.title) ?? uri);
  const description = str(ext.description) ? `<br>${escapeHtml(str(ext.description)!)}` : '';
  out.html += `<blockquote><a href="${escapeHtml(uri)}"><strong>${title}</strong></a>${description}</blockquote>`;
}

function video(view: Loose, out: EmbedRendering): void {
  const playlist = str(view.playlist);
  if (!playlist) return;
  const thumb = str(view.thumbnail);
  const alt = escapeHtml(str(view.alt) ?? 'Video');
  out.html += thumb
    ? `<p><a href="${escapeHtml(playlist)}"><img src="${escapeHtml(thumb)}" alt="${alt}"></a></p>`
    : `<p><a href="${escapeHtml(playlist)}">${alt}</a></p>`;
  out.attachments.push({
    url: playlist,
    type: 'application/x-mpegURL',
    length: null,
    title: str(view.alt),
  });
}

/** A quoted record: a post (with its own first-level media), or a feed/list/unavailable post. */
function quoted(record: Loose, out: EmbedRendering): void {
  const type = str(record.$type) ?? '';
  if (type.endsWith('#viewRecord')) {
    const author = record.author as BskyProfile | undefined;
    const value = (record.value ?? {}) as { text?: string; facets?: BskyFacet[] };
    const url = postUrl(str(record.uri) ?? '', author);
    const who = escapeHtml(profileLabel(author) ?? 'someone');
    const inner: EmbedRendering = { html: '', attachments: [] };
    for (const embed of list(record.embeds)) render(embed, inner, false);
    const link = url ? `<a href="${escapeHtml(url)}">${who}</a>` : who;
    out.html += `<blockquote><p>${link}:</p><p>${richTextHtml(value.text ?? '', value.facets)}</p>${inner.html}</blockquote>`;
    return;
  }
  if (
    type.endsWith('#viewNotFound') ||
    type.endsWith('#viewBlocked') ||
    type.endsWith('#viewDetached')
  ) {
    out.html += '<blockquote><p>Quoted post unavailable.</p></blockquote>';
    return;
  }
  const name = str(record.displayName) ?? str(record.name);
  if (name) out.html += `<blockquote><p>${escapeHtml(name)}</p></blockquote>`;
}

function render(view: Loose, out: EmbedRendering, nested: boolean): void {
  const type = str(view.$type) ?? '';
  if (type.startsWith('app.bsky.embed.images')) images(view, out);
  else if (type.startsWith('app.bsky.embed.external')) external(view, out);
  else if (type.startsWith('app.bsky.embed.video')) video(view, out);
  else if (type.startsWith('app.bsky.embed.recordWithMedia')) {
    if (view.media) render(view.media as Loose, out, nested);
    const record = (view.record ?? {}) as Loose;
    if (record.record) quoted(record.record as Loose, out);
  } else if (type.startsWith('app.bsky.embed.record') && !nested) {
    if (view.record) quoted(view.record as Loose, out);
  }
}

/**
 * The HTML and attachments of a post's embed view.
 *
 * @example renderEmbed(post.embed).html // '<p><img src="https://cdn…" alt=""></p>'
 */
export function renderEmbed(view: BskyEmbedView | null | undefined): EmbedRendering {
  const out: EmbedRendering = { html: '', attachments: [] };
  if (view) render(view, out, false);
  return out;
}
