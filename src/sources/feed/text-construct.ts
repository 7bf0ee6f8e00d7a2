import { escapeText } from '../../lib/escape-html.ts';
import { stripTags } from '../../lib/html/text.ts';
import { attr, hasElements, innerXml, textOf } from '../../lib/xml/tree.ts';
import type { XmlElement } from '../../lib/xml/types.ts';

/** What a text construct holds: markup (`html`) or plain text (`text`). */
export interface Construct {
  kind: 'html' | 'text';
  value: string;
}

/** The HTML inside an element that may hold escaped HTML, CDATA or naked (unescaped) markup. */
export function markupOf(el: XmlElement): string {
  return hasElements(el) ? innerXml(el).trim() : textOf(el).trim();
}

/** XHTML content is wrapped in one `<div>`, which is not part of the content (RFC 4287 §3.1.1.3). */
function xhtmlOf(el: XmlElement): string {
  const elements = el.children.filter((n): n is XmlElement => typeof n !== 'string');
  const onlyDiv =
    elements.length === 1 &&
    elements[0]!.local === 'div' &&
    el.children.every((n) => typeof n !== 'string' || n.trim() === '');
  return innerXml(onlyDiv ? elements[0]! : el).trim();
}

function decodeBase64(s: string): string | null {
  const bytes = Buffer.from(s.replace(/\s+/g, ''), 'base64');
  const t = bytes.toString('utf8');
  // Binary payloads (images …) are no content we can show.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return /[\u0000-\u0008\ufffd]/.test(t) ? null : t;
}

/**
 * Reads an Atom text construct (title, subtitle, summary, content, rights) in both Atom 1.0
 * (`type="text|html|xhtml|MIME"`) and Atom 0.3 (`mode="xml|escaped|base64"`) forms. Naked
 * markup in a text construct is read as HTML, as lenient readers do.
 *
 * @example readConstruct(el) // { kind: 'html', value: 'Example <b>Atom</b>' }
 */
export function readConstruct(el: XmlElement): Construct | null {
  const type = (attr(el, 'type') ?? '').trim().toLowerCase();
  const mode = (attr(el, 'mode') ?? '').trim().toLowerCase();
  const isHtml = type === 'html' || type === 'text/html' || mode === 'escaped';
  const isXml =
    type === 'xhtml' ||
    type.endsWith('+xml') ||
    type.endsWith('/xml') ||
    (mode === 'xml' && hasElements(el));
  const isText = type === '' || type === 'text' || type.startsWith('text/');
  let c: Construct | null;
  if (mode === 'base64' || (!isText && !isXml && !isHtml)) {
    const decoded = decodeBase64(textOf(el));
    c =
      decoded === null
        ? null
        : { kind: type.startsWith('text/plain') ? 'text' : 'html', value: decoded };
  } else if (isXml) {
    c = { kind: 'html', value: xhtmlOf(el) };
  } else if (isHtml || hasElements(el)) {
    c = { kind: 'html', value: markupOf(el) };
  } else {
    c = { kind: 'text', value: textOf(el) };
  }
  if (c === null) return null;
  c.value = c.value.trim();
  return c.value === '' ? null : c;
}

/**
 * Plain text as HTML: escaped, blank lines as paragraphs, line breaks kept.
 *
 * @example textToHtml('a < b\n\nnext') // '<p>a &lt; b</p><p>next</p>'
 */
export function textToHtml(text: string): string {
  const paragraphs = text.trim().split(/\n\s*\n/);
  if (paragraphs.length === 1 && !text.includes('\n')) return escapeText(text.trim());
  return paragraphs
    .map((p) => `<p>${escapeText(p.trim()).replace(/\s*\n\s*/g, '<br>')}</p>`)
    .join('');
}

/** A construct as HTML (plain text escaped). */
export function constructHtml(c: Construct | null): string | null {
  if (c === null) return null;
  return c.kind === 'html' ? c.value : textToHtml(c.value);
}

/** A construct as plain text (for titles): HTML stripped, whitespace collapsed. */
export function constructText(c: Construct | null): string | null {
  if (c === null) return null;
  const t = c.kind === 'html' ? stripTags(c.value) : c.value.replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}
