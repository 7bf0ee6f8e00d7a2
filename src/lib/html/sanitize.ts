import { type Handler, Parser, type ParserOptions } from 'htmlparser2';
import { escapeAttr, escapeText } from '../escape-html.ts';
import { resolveUrl } from '../url.ts';
import { BLOCK, collapse } from './text.ts';

/**
 * Our allow-list sanitiser, streaming over htmlparser2's tokenizer. It replaced sanitize-html
 * (same allow-lists, same results on our tests) because sanitising was most of the ingest
 * time: see bench/RESULTS.md, "Sanitising".
 */

/** Semantic markup we keep; everything else is unwrapped (its text stays). */
const TAGS = new Set([
  ...['p', 'br', 'hr', 'div', 'span', 'section', 'article', 'aside', 'header', 'footer'],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'q', 'cite', 'pre', 'code', 'address'],
  ...['em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'abbr'],
  ...['dfn', 'kbd', 'samp', 'var', 'time', 'wbr', 'bdi', 'bdo', 'ruby', 'rt', 'rp'],
  ...['ul', 'ol', 'li', 'dl', 'dt', 'dd', 'details', 'summary', 'figure', 'figcaption'],
  ...['table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td'],
  ...['a', 'img', 'picture', 'source', 'video', 'audio', 'track'],
]);

const GLOBAL_ATTRIBUTES = ['lang', 'dir', 'title'];
const ATTRIBUTES: Record<string, Set<string>> = Object.fromEntries(
  Object.entries({
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
  }).map(([tag, names]) => [tag, new Set([...GLOBAL_ATTRIBUTES, ...names])]),
);
const GLOBAL = new Set(GLOBAL_ATTRIBUTES);

/** Elements removed together with their content. */
const DROP_WITH_CONTENT = new Set([
  ...['script', 'style', 'textarea', 'option', 'select', 'noscript', 'template', 'title'],
  ...['head', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math'],
]);

/**
 * Elements nested deeper than this are unwrapped (their text stays). htmlparser2 keeps its
 * open elements with `unshift`, so 4·10^4 nested tags took 1.3 s and 5·10^5 over two minutes
 * (bench/nesting.ts); past the bound nothing more is kept open, so the cost stays linear.
 */
export const MAX_HTML_DEPTH = 256;

/**
 * htmlparser2's parser, with every element opened past `MAX_HTML_DEPTH` treated as a void
 * element: reported open and closed at once and never put on the parser's stack. Its
 * `isVoidElement` is the documented hook; which tag it is asked about comes from the phases
 * below (open: decide; end of the start tag: repeat the decision; an end tag: not void).
 */
class BoundedParser extends Parser {
  private phase: 'open' | 'end' | null = null;
  private flat = false;
  /** Open elements: every element the parser keeps open is reported opened, then closed. */
  private readonly open: { depth: number };

  constructor(handler: Partial<Handler>, options: ParserOptions) {
    const open = { depth: 0 };
    super(
      {
        ...handler,
        onopentag(name, attribs, implied) {
          open.depth++;
          handler.onopentag?.(name, attribs, implied);
        },
        onclosetag(name, implied) {
          open.depth--;
          handler.onclosetag?.(name, implied);
        },
      },
      options,
    );
    this.open = open;
  }

  protected override isVoidElement(name: string): boolean {
    if (super.isVoidElement(name)) return true;
    if (this.phase === 'open') this.flat = this.open.depth >= MAX_HTML_DEPTH;
    return this.phase !== null && this.flat;
  }

  override onopentagname(start: number, endIndex: number): void {
    this.phase = 'open';
    super.onopentagname(start, endIndex);
    this.phase = null;
  }

  override onopentagend(endIndex: number): void {
    this.phase = 'end';
    super.onopentagend(endIndex);
    this.phase = null;
  }

  override onselfclosingtag(endIndex: number): void {
    this.phase = 'end';
    super.onselfclosingtag(endIndex);
    this.phase = null;
  }
}

const BOOLEAN = new Set(['controls', 'loop', 'muted', 'playsinline', 'default', 'reversed']);
const VOID = new Set(['img', 'br', 'hr', 'source', 'track', 'wbr', 'col']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'poster', 'cite']);
const DATA_IMAGE = /^data:image\/(?:png|gif|jpeg|webp)[;,]/i;
const SAFE_SCHEME = /^(?:https?|mailto):/i;

/** A URL made absolute, or null when it is not http(s)/mailto (or an allowed data: image). */
function safeUrl(value: string, base: string | null, allowDataImage: boolean): string | null {
  const v = value.trim();
  if (allowDataImage && DATA_IMAGE.test(v)) return v;
  const url = resolveUrl(v, base);
  return url !== null && SAFE_SCHEME.test(url) ? url : null;
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

/** The kept attributes of an allowed element as ` name="value"…`, or null to drop the element. */
function attributes(
  tag: string,
  attribs: Record<string, string>,
  base: string | null,
): string | null {
  const allowed = ATTRIBUTES[tag] ?? GLOBAL;
  let out = '';
  for (const name in attribs) {
    if (!allowed.has(name) || name === 'rel') continue;
    let value: string | null = attribs[name]!;
    if (URL_ATTRIBUTES.has(name)) value = safeUrl(value, base, tag === 'img' && name === 'src');
    else if (name === 'srcset') value = safeSrcset(value, base);
    if (value === null) continue;
    out += value === '' && BOOLEAN.has(name) ? ` ${name}` : ` ${name}="${escapeAttr(value)}"`;
  }
  if (tag === 'img') {
    // No image, or a 1×1 tracking pixel: drop the element.
    if (!out.includes(' src="')) return null;
    if (Number.parseFloat(attribs.width ?? '') <= 1 && Number.parseFloat(attribs.height ?? '') <= 1)
      return null;
  }
  if (tag === 'source' && !out.includes(' src="') && !out.includes(' srcset="')) return null;
  if (tag === 'a' && out.includes(' href="')) out += ' rel="noopener noreferrer nofollow"';
  if ((tag === 'video' || tag === 'audio') && !('controls' in attribs)) out += ' controls';
  return out;
}

/** Sanitised HTML with its plain text (one pass instead of a second parse for the text). */
export interface SanitisedHtml {
  html: string;
  /** Plain text: entities decoded, block elements as line breaks, whitespace collapsed. */
  text: string;
  /** Images kept. */
  images: number;
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
export function sanitizeHtml(html: string, baseUrl: string | null): string {
  return sanitizeWithText(html, baseUrl).html;
}

/**
 * `sanitizeHtml` that also returns the plain text and the number of images of the result.
 *
 * @example sanitizeWithText('<p>Hi <b>you</b></p><p>Bye</p>', null).text // 'Hi you\nBye'
 */
export function sanitizeWithText(html: string, baseUrl: string | null): SanitisedHtml {
  let out = '';
  let text = '';
  let images = 0;
  /** Per open element: the tag we emitted for it, or '' (unwrapped or dropped). */
  const open: string[] = [];
  let dropping = '';
  let dropDepth = 0;
  const parser = new BoundedParser(
    {
      onopentag(name, attribs) {
        if (dropDepth > 0) {
          if (name === dropping) dropDepth++;
          return;
        }
        if (DROP_WITH_CONTENT.has(name)) {
          dropping = name;
          dropDepth = 1;
          return;
        }
        if (BLOCK.has(name)) text += '\n';
        // Past the bound the parser closes an element at once: it is unwrapped, its text stays.
        const kept = TAGS.has(name) && (open.length < MAX_HTML_DEPTH || VOID.has(name));
        const attrs = kept ? attributes(name, attribs, baseUrl) : null;
        if (attrs === null) {
          open.push('');
          return;
        }
        if (name === 'img') images++;
        const empty = VOID.has(name);
        out += empty ? `<${name}${attrs} />` : `<${name}${attrs}>`;
        open.push(empty ? '' : name);
      },
      ontext(chunk) {
        if (dropDepth > 0) return;
        out += escapeText(chunk);
        text += chunk;
      },
      onclosetag(name) {
        if (dropDepth > 0) {
          if (name === dropping) dropDepth--;
          return;
        }
        if (BLOCK.has(name)) text += '\n';
        const tag = open.pop();
        if (tag) out += `</${tag}>`;
      },
    },
    {
      decodeEntities: true,
      lowerCaseTags: true,
      lowerCaseAttributeNames: true,
      recognizeSelfClosing: false,
    },
  );
  parser.write(html);
  parser.end();
  for (let tag = open.pop(); tag !== undefined; tag = open.pop()) if (tag) out += `</${tag}>`;
  return { html: out, text: collapse(text, true), images };
}
