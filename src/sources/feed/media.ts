import type { Attachment } from '../../domain/types.ts';
import { attr, textOf } from '../../lib/xml/tree.ts';
import type { XmlElement } from '../../lib/xml/types.ts';
import { added, EMPTY, parseDuration, positiveInt, urlIn } from './shared.ts';

/** Media found on an item: enclosures, Media RSS, iTunes image. */
export interface MediaInfo {
  attachments: Attachment[];
  imageUrl: string | null;
  /** Plain-text `media:description`, a content fallback (YouTube puts the body there). */
  description: string | null;
  thumbnail: string | null;
  /** The longest Media RSS `duration` (seconds): renditions of one episode share it. */
  durationSeconds: number | null;
}

function isImage(type: string | null, medium: string | null): boolean {
  return medium === 'image' || type?.toLowerCase().startsWith('image/') === true;
}

function add(into: MediaInfo, a: Attachment): void {
  if (!into.attachments.some((x) => x.url === a.url)) into.attachments = added(into.attachments, a);
}

/**
 * Collects media of `el` (an item or entry, or a `media:group` inside one): RSS `enclosure`,
 * `media:content`, `media:thumbnail`, `media:group`, `itunes:image`. URLs are resolved against
 * each element's xml:base chain and limited to http(s).
 */
export function collectMedia(el: XmlElement, base: string | null, into: MediaInfo): MediaInfo {
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    if (c.ns === 'media') readMedia(c, base, into);
    else if (c.local === 'enclosure' && (c.ns === '' || c.ns === 'rss')) {
      const url = urlIn(attr(c, 'url') ?? attr(c, 'href'), c, base);
      const type = attr(c, 'type')?.trim() || null;
      if (url) add(into, { url, type, length: positiveInt(attr(c, 'length')) });
      if (url && isImage(type, null)) into.imageUrl ??= url;
    } else if (c.local === 'image' && c.ns === 'itunes') {
      const url = urlIn(attr(c, 'href') ?? (textOf(c).trim() || null), c, base);
      if (url) into.imageUrl ??= url;
    }
  }
  return into;
}

function readMedia(c: XmlElement, base: string | null, into: MediaInfo): void {
  switch (c.local) {
    case 'group':
      collectMedia(c, base, into);
      break;
    case 'thumbnail': {
      const url = urlIn(attr(c, 'url'), c, base);
      if (url) into.thumbnail ??= url;
      break;
    }
    case 'content': {
      // Read even without a URL: Vimeo's feeds give the duration on a URL-less media:content.
      const duration = parseDuration(attr(c, 'duration'));
      if (duration !== null) into.durationSeconds = Math.max(into.durationSeconds ?? 0, duration);
      const url = urlIn(attr(c, 'url'), c, base);
      const type = attr(c, 'type')?.trim() || null;
      const medium = attr(c, 'medium')?.trim().toLowerCase() || null;
      if (url && isImage(type, medium)) into.imageUrl ??= url;
      else if (url) add(into, { url, type, length: positiveInt(attr(c, 'filesize')) });
      collectMedia(c, base, into); // media:content may carry its own media:thumbnail
      break;
    }
    case 'description': {
      const d = textOf(c).trim();
      if (d !== '') into.description ??= d;
      break;
    }
  }
}

/** An empty MediaInfo to collect into. */
export function emptyMedia(): MediaInfo {
  return {
    attachments: EMPTY,
    imageUrl: null,
    description: null,
    thumbnail: null,
    durationSeconds: null,
  };
}
