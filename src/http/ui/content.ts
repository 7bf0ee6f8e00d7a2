import { createHmac } from 'node:crypto';
import { safeEqual } from '../../lib/crypto.ts';

/** How the user wants remote images in items: through our proxy, or not at all. */
export type ImageMode = 'proxy' | 'block';

function signature(url: string, secret: string): string {
  return createHmac('sha256', `image-proxy:${secret}`).update(url).digest('base64url').slice(0, 32);
}

/** A same-origin URL that shows a remote image through the image proxy (signed, not open). */
export function proxiedImage(url: string, secret: string): string {
  return `/img?u=${encodeURIComponent(url)}&s=${signature(url, secret)}`;
}

export function checkImageSignature(url: string, sig: string, secret: string): boolean {
  return safeEqual(sig, signature(url, secret));
}

const decode = (value: string) =>
  value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
const encode = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** Texts the rendered content needs, in the reader's language. */
export interface ContentLabels {
  /** Placeholder of a blocked remote image (when it has no alt text). */
  imageBlocked: string;
  /** Link text of remote audio or video, e.g. "Video at example.org (opens the site)". */
  media(kind: 'video' | 'audio', host: string): string;
}

const escapeText = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Remote audio and video cannot go through the image proxy, and the CSP would block them
 * (media-src 'self'): they become a plain link to the file, opened outside Checkpoint.
 */
function mediaLink(kind: 'video' | 'audio', element: string, labels: ContentLabels): string {
  const src =
    /<(?:video|audio)\b[^>]*\ssrc="([^"]*)"/i.exec(element)?.[1] ??
    /<source\b[^>]*\ssrc="([^"]*)"/i.exec(element)?.[1];
  const url = src ? decode(src) : '';
  if (!/^https?:/i.test(url)) return '';
  let host = url;
  try {
    host = new URL(url).hostname;
  } catch {
    // keep the URL as the label
  }
  return `<p class="media-link"><a href="${encode(url)}" rel="noopener noreferrer nofollow" target="_blank">${escapeText(labels.media(kind, host))}</a></p>`;
}

/**
 * Prepares sanitised item HTML for the page: remote images go through the image proxy (the
 * browser never contacts a foreign host) or are replaced by a placeholder; srcset is dropped;
 * remote audio and video become links. The input is already sanitised (no script, no
 * handlers, no style).
 *
 * @example renderContent('<p><img src="https://x.org/a.png"></p>', 'proxy', secret, labels) // '<p><img src="/img?u=…" loading="lazy"></p>'
 */
export function renderContent(
  html: string,
  mode: ImageMode,
  secret: string,
  labels: ContentLabels,
): string {
  return html
    .replace(/<(video|audio)\b[^>]*>[\s\S]*?<\/\1>/gi, (element, kind: string) =>
      mediaLink(kind.toLowerCase() as 'video' | 'audio', element, labels),
    )
    .replace(/<(video|audio)\b[^>]*\/?>/gi, (element, kind: string) =>
      mediaLink(kind.toLowerCase() as 'video' | 'audio', element, labels),
    )
    .replace(/<img\b[^>]*>/gi, (tag) => {
      const src = /\ssrc="([^"]*)"/i.exec(tag)?.[1];
      const alt = /\salt="([^"]*)"/i.exec(tag)?.[1] ?? '';
      if (!src || !/^https?:/i.test(decode(src)))
        return src?.startsWith('data:image/') ? tag.replace(/\ssrcset="[^"]*"/gi, '') : '';
      if (mode === 'block')
        return `<span class="blocked-image">${alt || escapeText(labels.imageBlocked)}</span>`;
      return tag
        .replace(/\ssrcset="[^"]*"/gi, '')
        .replace(
          /\ssrc="[^"]*"/i,
          ` src="${encode(proxiedImage(decode(src), secret))}" loading="lazy"`,
        );
    })
    .replace(/<\/?(source|track)\b[^>]*>/gi, '');
}
