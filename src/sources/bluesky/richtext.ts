/**
 * Bluesky rich text → HTML. Facets index the text by UTF-8 byte offsets
 * (app.bsky.richtext.facet); links, mentions and hashtags become links, the rest is escaped
 * text with line breaks. Overlapping or out-of-range facets are ignored, as the spec asks.
 */
import { escapeHtml } from '../../lib/escape-html.ts';
import type { BskyFacet } from './types.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function text(bytes: Uint8Array, start: number, end: number): string {
  return escapeHtml(decoder.decode(bytes.subarray(start, end))).replace(/\n/g, '<br>');
}

function href(facet: BskyFacet): string | null {
  for (const feature of facet.features ?? []) {
    const type = feature.$type ?? '';
    if (type.endsWith('#link') && feature.uri && /^https?:\/\//i.test(feature.uri))
      return feature.uri;
    if (type.endsWith('#mention') && feature.did) return `https://bsky.app/profile/${feature.did}`;
    if (type.endsWith('#tag') && feature.tag)
      return `https://bsky.app/hashtag/${encodeURIComponent(feature.tag)}`;
  }
  return null;
}

/**
 * The post text as HTML with its facets as links.
 *
 * @example richTextHtml('hi @a.bsky.social', [{ index: { byteStart: 3, byteEnd: 17 }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:x' }] }])
 * // 'hi <a href="https://bsky.app/profile/did:plc:x">@a.bsky.social</a>'
 */
export function richTextHtml(
  value: string,
  facets: readonly BskyFacet[] | null | undefined,
): string {
  const bytes = encoder.encode(value);
  const ranges = (facets ?? [])
    .map((f) => ({ start: f.index?.byteStart ?? -1, end: f.index?.byteEnd ?? -1, href: href(f) }))
    .filter((r) => r.href && r.start >= 0 && r.end > r.start && r.end <= bytes.length)
    .sort((a, b) => a.start - b.start);
  let html = '';
  let at = 0;
  for (const r of ranges) {
    if (r.start < at) continue; // overlapping facet
    html += text(bytes, at, r.start);
    html += `<a href="${escapeHtml(r.href!)}">${text(bytes, r.start, r.end)}</a>`;
    at = r.end;
  }
  return html + text(bytes, at, bytes.length);
}
