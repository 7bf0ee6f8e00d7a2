/**
 * The sanitiser we used before our own (src/lib/html/sanitize.ts): sanitize-html with the same
 * allow-lists. Kept only as the peer of the sanitising benchmark.
 */
import sanitize from 'sanitize-html';
import { resolveUrl } from '../src/lib/url.ts';

/** Semantic markup we keep; everything else is unwrapped (its text stays). */
const TAGS = [
  ...['p', 'br', 'hr', 'div', 'span', 'section', 'article', 'aside', 'header', 'footer'],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'q', 'cite', 'pre', 'code', 'address'],
  ...['em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'abbr'],
  ...['dfn', 'kbd', 'samp', 'var', 'time', 'wbr', 'bdi', 'bdo', 'ruby', 'rt', 'rp'],
  ...['ul', 'ol', 'li', 'dl', 'dt', 'dd', 'details', 'summary', 'figure', 'figcaption'],
  ...['table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td'],
  ...['a', 'img', 'picture', 'source', 'video', 'audio', 'track'],
];

const ATTRIBUTES: Record<string, string[]> = {
  '*': ['lang', 'dir', 'title'],
  a: ['href', 'hreflang', 'rel'],
  img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height', 'loading'],
  source: ['src', 'srcset', 'sizes', 'type', 'media'],
  video: [
    'src',
    'poster',
    'controls',
    'width',
    'height',
    'loop',
    'muted',
    'playsinline',
    'preload',
  ],
  audio: ['src', 'controls', 'loop', 'muted', 'preload'],
  track: ['src', 'kind', 'srclang', 'label', 'default'],
  td: ['colspan', 'rowspan', 'headers'],
  th: ['colspan', 'rowspan', 'headers', 'scope'],
  col: ['span'],
  colgroup: ['span'],
  ol: ['start', 'reversed', 'type'],
  li: ['value'],
  time: ['datetime'],
  blockquote: ['cite'],
  q: ['cite'],
  del: ['cite', 'datetime'],
  ins: ['cite', 'datetime'],
};

/** Elements removed together with their content. */
const DROP_WITH_CONTENT = [
  ...['script', 'style', 'textarea', 'option', 'select', 'noscript', 'template', 'title'],
  ...['head', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math'],
];

const DATA_IMAGE = /^data:image\/(?:png|gif|jpeg|webp)[;,]/i;

/** A URL made absolute, or null when it is not http(s)/mailto (or an allowed data: image). */
function safeUrl(value: string, base: string | null, allowDataImage: boolean): string | null {
  const v = value.trim();
  if (allowDataImage && DATA_IMAGE.test(v)) return v;
  const url = resolveUrl(v, base);
  if (url === null) return null;
  return /^(?:https?|mailto):/i.test(url) ? url : null;
}

function safeSrcset(value: string, base: string | null): string | null {
  const out: string[] = [];
  for (const candidate of value.split(/,\s+|,(?=\S+\s)/)) {
    const [url, ...descriptor] = candidate.trim().split(/\s+/);
    const abs = url ? safeUrl(url, base, false) : null;
    if (abs) out.push([abs, ...descriptor].join(' '));
  }
  return out.length > 0 ? out.join(', ') : null;
}

function resolveAttributes(tag: string, attribs: sanitize.Attributes, base: string | null): void {
  for (const name of ['href', 'src', 'poster', 'cite']) {
    const value = attribs[name];
    if (value === undefined) continue;
    const safe = safeUrl(value, base, tag === 'img' && name === 'src');
    if (safe === null) delete attribs[name];
    else attribs[name] = safe;
  }
  if (attribs.srcset !== undefined) {
    const safe = safeSrcset(attribs.srcset, base);
    if (safe === null) delete attribs.srcset;
    else attribs.srcset = safe;
  }
}

function isTrackingPixel(attribs: Record<string, string>): boolean {
  const w = Number.parseFloat(attribs.width ?? '');
  const h = Number.parseFloat(attribs.height ?? '');
  return w <= 1 && h <= 1;
}

function options(base: string | null): sanitize.IOptions {
  return {
    allowedTags: TAGS,
    allowedAttributes: ATTRIBUTES,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'poster'],
    allowProtocolRelative: false,
    nonTextTags: DROP_WITH_CONTENT,
    selfClosing: ['img', 'br', 'hr', 'source', 'track', 'wbr', 'col'],
    disallowedTagsMode: 'discard',
    parseStyleAttributes: false,
    enforceHtmlBoundary: false,
    transformTags: {
      '*': (tagName, attribs) => {
        resolveAttributes(tagName, attribs, base);
        if (tagName === 'a' && attribs.href !== undefined)
          attribs.rel = 'noopener noreferrer nofollow';
        if (tagName === 'video' || tagName === 'audio') attribs.controls = '';
        return { tagName, attribs };
      },
    },
    exclusiveFilter: (frame) =>
      (frame.tag === 'img' && (!frame.attribs.src || isTrackingPixel(frame.attribs))) ||
      (frame.tag === 'source' && !frame.attribs.src && !frame.attribs.srcset),
  };
}

/**
 * Makes untrusted HTML inert: an allow-list of semantic elements and attributes, no scripts,
 * styles, frames, forms, event handlers or `style` attributes; URLs resolved against
 * `baseUrl` and limited to http(s)/mailto (plus raster `data:` images); links get
 * `rel="noopener noreferrer nofollow"`; 1×1 tracking pixels are removed.
 *
 * @example sanitizeHtml('<a href="/x" onclick="evil()">x</a>', 'https://example.com/')
 * // '<a href="https://example.com/x" rel="noopener noreferrer nofollow">x</a>'
 */
export function sanitizeWithSanitizeHtml(html: string, baseUrl: string | null): string {
  // Items of a feed share a base: reuse its options rather than rebuilding them per item.
  if (baseUrl !== cachedBase || cachedOptions === null) {
    cachedBase = baseUrl;
    cachedOptions = options(baseUrl);
  }
  return sanitize(html, cachedOptions);
}

let cachedBase: string | null = null;
let cachedOptions: sanitize.IOptions | null = null;
