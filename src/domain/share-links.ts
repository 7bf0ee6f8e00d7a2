/**
 * Share intents: links that open a platform's own "compose" or "share" page with an item
 * prefilled. Nothing is posted by Checkpoint; the user finishes on the platform.
 */

/** The platforms a share link is built for, in the order they are shown. */
export const SHARE_PLATFORMS = [
  'linkedin',
  'x',
  'facebook',
  'threads',
  'whatsapp',
  'mastodon',
  'bluesky',
  'email',
] as const;

export type SharePlatform = (typeof SHARE_PLATFORMS)[number];

export interface ShareLink {
  platform: SharePlatform;
  /** The platform's name as shown to people. */
  label: string;
  /** The intent URL, or null when it cannot be built (no item URL, no Mastodon instance). */
  url: string | null;
}

export interface ShareSubject {
  url: string | null;
  title: string | null;
}

export interface ShareOptions {
  /** The user's Mastodon instance (`https://mastodon.social`); without it no Mastodon link. */
  mastodonInstance?: string | null;
  /** Text to share instead of the title (a comment of the user's own). */
  text?: string | null;
}

const LABELS: Record<SharePlatform, string> = {
  linkedin: 'LinkedIn',
  x: 'X',
  facebook: 'Facebook',
  threads: 'Threads',
  whatsapp: 'WhatsApp',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  email: 'E-mail',
};

function withQuery(base: string, params: Record<string, string | null>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) {
    if (value) url.searchParams.set(key, value);
  }
  return url.toString();
}

/** `title url` (either may be missing) — the text of platforms that take one field. */
function joined(text: string | null, url: string | null): string | null {
  const out = [text, url].filter(Boolean).join(' ');
  return out || null;
}

function instanceOrigin(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(/^https?:\/\//i.test(value) ? value : `https://${value}`);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** mailto: with RFC 6068 percent-encoding (spaces as %20, not +). */
function mailto(subject: string | null, body: string | null): string {
  const parts: string[] = [];
  if (subject) parts.push(`subject=${encodeURIComponent(subject)}`);
  if (body) parts.push(`body=${encodeURIComponent(body)}`);
  return `mailto:?${parts.join('&')}`;
}

/**
 * The share intents of one item for every platform. Links that need the item's URL
 * (LinkedIn, Facebook) are null without one; the Mastodon link needs the user's instance
 * (`/share` on it).
 *
 * @example
 * shareLinks({ url: 'https://example.org/a', title: 'A story' }, { mastodonInstance: 'mastodon.social' })
 *   .find((l) => l.platform === 'x')?.url
 * // 'https://x.com/intent/tweet?text=A+story&url=https%3A%2F%2Fexample.org%2Fa'
 */
export function shareLinks(item: ShareSubject, options: ShareOptions = {}): ShareLink[] {
  const text = options.text?.trim() || item.title?.trim() || null;
  const url = item.url;
  const both = joined(text, url);
  const instance = instanceOrigin(options.mastodonInstance);
  const urls: Record<SharePlatform, string | null> = {
    linkedin: url ? withQuery('https://www.linkedin.com/sharing/share-offsite/', { url }) : null,
    x: both ? withQuery('https://x.com/intent/tweet', { text, url }) : null,
    facebook: url ? withQuery('https://www.facebook.com/sharer/sharer.php', { u: url }) : null,
    threads: both ? withQuery('https://www.threads.net/intent/post', { text: both }) : null,
    whatsapp: both ? withQuery('https://wa.me/', { text: both }) : null,
    mastodon: instance && both ? withQuery(`${instance}/share`, { text: both }) : null,
    bluesky: both ? withQuery('https://bsky.app/intent/compose', { text: both }) : null,
    email: both ? mailto(text, url ?? text) : null,
  };
  return SHARE_PLATFORMS.map((platform) => ({
    platform,
    label: LABELS[platform],
    url: urls[platform],
  }));
}
