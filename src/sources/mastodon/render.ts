/**
 * HTML for Mastodon statuses: the status's own HTML (sanitised later by the pipeline), with
 * content warnings as a closed <details>, media inline, link cards and polls. Pure.
 */
import type { Attachment } from '../../domain/types.ts';
import { escapeHtml } from '../../lib/escape-html.ts';
import type { MastoAccount, MastoMedia, MastoStatus } from './types.ts';

/** "Display Name (@user@host)" — or the handle alone. */
export function accountLabel(account: MastoAccount | null | undefined): string | null {
  if (!account) return null;
  const handle = account.acct ?? account.username;
  const name = account.display_name?.trim();
  if (name && handle) return `${name} (@${handle})`;
  return handle ? `@${handle}` : (name ?? null);
}

function accountLink(account: MastoAccount | null | undefined): string {
  const label = escapeHtml(accountLabel(account) ?? 'someone');
  return account?.url ? `<a href="${escapeHtml(account.url)}">${label}</a>` : label;
}

const MIME: Record<string, string> = {
  image: 'image/*',
  gifv: 'video/*',
  video: 'video/*',
  audio: 'audio/*',
};

/** Media attachments as item attachments (the full-size URL; its description as title). */
export function mediaAttachments(media: readonly MastoMedia[] | null | undefined): Attachment[] {
  const out: Attachment[] = [];
  for (const m of media ?? []) {
    const url = m.url ?? m.remote_url;
    if (!url) continue;
    out.push({ url, type: MIME[m.type ?? ''] ?? null, length: null, title: m.description ?? null });
  }
  return out;
}

function mediaHtml(media: readonly MastoMedia[] | null | undefined): string {
  return (media ?? [])
    .map((m) => {
      const url = escapeHtml(m.url ?? m.remote_url ?? '');
      if (!url) return '';
      const alt = escapeHtml(m.description ?? '');
      const poster = m.preview_url ? ` poster="${escapeHtml(m.preview_url)}"` : '';
      if (m.type === 'image') return `<p><img src="${url}" alt="${alt}"></p>`;
      if (m.type === 'video' || m.type === 'gifv')
        return `<p><video src="${url}"${poster} controls></video></p>`;
      if (m.type === 'audio') return `<p><audio src="${url}" controls></audio></p>`;
      return `<p><a href="${url}">${alt || url}</a></p>`;
    })
    .join('');
}

function cardHtml(status: MastoStatus): string {
  const card = status.card;
  if (!card?.url || status.media_attachments?.length) return '';
  const title = escapeHtml(card.title?.trim() || card.url);
  const description = card.description?.trim() ? `<br>${escapeHtml(card.description.trim())}` : '';
  return `<blockquote><a href="${escapeHtml(card.url)}"><strong>${title}</strong></a>${description}</blockquote>`;
}

function pollHtml(status: MastoStatus): string {
  const options = status.poll?.options ?? [];
  if (options.length === 0) return '';
  const items = options
    .map(
      (o) =>
        `<li>${escapeHtml(o.title ?? '')}${typeof o.votes_count === 'number' ? ` (${o.votes_count})` : ''}</li>`,
    )
    .join('');
  return `<p>Poll${status.poll?.expired ? ' (closed)' : ''}:</p><ul>${items}</ul>`;
}

/**
 * The body of one status (not a boost wrapper): text, media, card and poll; behind a closed
 * "CW: …" <details> when it carries a content warning, so it is shown as such.
 */
export function statusBody(status: MastoStatus): string {
  const body = `${status.content ?? ''}${mediaHtml(status.media_attachments)}${cardHtml(status)}${pollHtml(status)}`;
  const cw = status.spoiler_text?.trim();
  if (cw) return `<details><summary>CW: ${escapeHtml(cw)}</summary>${body}</details>`;
  if (status.sensitive && status.media_attachments?.length) {
    return `<details><summary>Sensitive media</summary>${body}</details>`;
  }
  return body;
}

/** A status as HTML; a boost says who boosted whom above the original. */
export function statusHtml(status: MastoStatus): string {
  const original = status.reblog;
  if (!original) return statusBody(status);
  return `<p>🔁 ${accountLink(status.account)} boosted ${accountLink(original.account)}:</p><blockquote>${statusBody(original)}</blockquote>`;
}

/** An account's profile as HTML (for follow notifications). */
export function accountHtml(account: MastoAccount | null | undefined, verb: string): string {
  const note = account?.note?.trim() ? `<blockquote>${account.note}</blockquote>` : '';
  return `<p>${accountLink(account)} ${escapeHtml(verb)}</p>${note}`;
}

/** A notification about one of the user's statuses: who did what, and the status quoted. */
export function aboutStatusHtml(
  account: MastoAccount | null | undefined,
  verb: string,
  status: MastoStatus | null | undefined,
): string {
  const quoted = status ? `<blockquote>${statusBody(status)}</blockquote>` : '';
  return `<p>${accountLink(account)} ${escapeHtml(verb)}</p>${quoted}`;
}
