import { decodeHTML } from 'entities';

/** Something `decodeHTML` would change: `&name`, `&#1`, `&#x1`. */
const ENTITY_LIKE = /&(?:#\d|#x[\da-f]|[a-z])/i;

/** Elements whose content is never text. */
const SKIP_CONTENT = new Set(['script', 'style', 'template', 'noscript', 'head', 'svg', 'math']);

/** Elements that break lines when rendered. */
export const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tr',
  'ul',
]);

/** HTML elements a title may carry; other `<words>` in a title are text ("<today>"). */
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'big',
  'cite',
  'code',
  'del',
  'em',
  'font',
  'i',
  'img',
  'ins',
  'kbd',
  'mark',
  'q',
  's',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
  'wbr',
]);

function isAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** The lower-cased tag name starting at `i` (after `<` or `</`). */
function tagName(s: string, i: number): string {
  let j = i;
  while (
    j < s.length &&
    (isAlpha(s.charCodeAt(j)) || (j > i && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57))
  )
    j++;
  return s.slice(i, j).toLowerCase();
}

/** Scans `html`, handing text runs and tags to the callbacks; comments are skipped. */
function scan(
  html: string,
  onText: (t: string) => void,
  onTag: (name: string, raw: string) => void,
): void {
  let pos = 0;
  let from = 0;
  while (pos < html.length) {
    const lt = html.indexOf('<', from);
    if (lt === -1) break;
    const c = html.charCodeAt(lt + 1);
    const closing = c === 47;
    if (!(isAlpha(closing ? html.charCodeAt(lt + 2) : c) || c === 33 || c === 63)) {
      from = lt + 1;
      continue;
    }
    if (lt > pos) onText(html.slice(pos, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      pos = from = end === -1 ? html.length : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt);
    const end = gt === -1 ? html.length : gt + 1;
    const name = c === 33 || c === 63 ? '' : tagName(html, lt + (closing ? 2 : 1));
    if (!closing && SKIP_CONTENT.has(name)) {
      const closer = new RegExp(`</${name}`, 'gi');
      closer.lastIndex = end;
      const close = closer.exec(html)?.index ?? -1;
      const skipTo = close === -1 ? html.length : html.indexOf('>', close);
      pos = from = skipTo === -1 ? html.length : skipTo + 1;
      continue;
    }
    onTag(name, html.slice(lt, end));
    pos = from = end;
  }
  if (pos < html.length) onText(html.slice(pos));
}

/**
 * Plain text of an HTML fragment: tags dropped, scripts and styles skipped, entities decoded,
 * block elements as line breaks, runs of whitespace collapsed.
 *
 * @example htmlToText('<p>Hello&nbsp;<b>world</b></p><p>Bye</p>') // 'Hello world\nBye'
 */
export function htmlToText(html: string): string {
  if (html.indexOf('<') === -1 && html.indexOf('&') === -1) return collapse(html, true);
  const parts: string[] = [];
  scan(
    html,
    (t) => parts.push(t),
    (name) => {
      if (BLOCK.has(name) || name === 'td' || name === 'th')
        parts.push(BLOCK.has(name) ? '\n' : ' ');
    },
  );
  return collapse(decodeHTML(parts.join('')), true);
}

/**
 * Text of a title: HTML tags removed (only real inline/block HTML elements, so "a <today> b"
 * keeps its words), entities decoded, all whitespace collapsed to single spaces.
 *
 * @example stripTags('Example <b>Atom</b> &amp; more') // 'Example Atom & more'
 */
export function stripTags(html: string): string {
  if (html.indexOf('<') === -1) {
    return collapse(ENTITY_LIKE.test(html) ? decodeHTML(html) : html, false);
  }
  let out = '';
  scan(
    html,
    (t) => {
      out += t;
    },
    (name, raw) => {
      if (name !== '' && !INLINE.has(name) && !BLOCK.has(name)) out += raw;
      else if (BLOCK.has(name)) out += ' ';
    },
  );
  return collapse(decodeHTML(out), false);
}

/** Unicode whitespace beyond ASCII, as `\s` matches it. */
function isUnicodeSpace(c: number): boolean {
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** True when `s` has no leading/trailing whitespace, no runs and no whitespace but single spaces. */
function isCollapsed(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  let prevSpace = true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return false;
      prevSpace = true;
    } else if (c <= 13 || (c >= 0xa0 && isUnicodeSpace(c))) {
      return false;
    } else prevSpace = false;
  }
  return !prevSpace;
}

/**
 * Collapses runs of whitespace (NBSP included) to one space — or, with `lines`, to one line
 * break when the run holds one — and trims. One pass (it runs for every stored item).
 */
export function collapse(s: string, lines: boolean): string {
  if (isCollapsed(s)) return s;
  let out = '';
  /** The separator the last whitespace run asks for: 0 none yet, 1 space, 2 line break. */
  let gap = 0;
  let start = -1;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13) || (c >= 0xa0 && isUnicodeSpace(c))) {
      if (start >= 0) {
        out += out === '' ? s.slice(start, i) : (gap === 2 ? '\n' : ' ') + s.slice(start, i);
        start = -1;
        gap = 0;
      }
      if (lines && c === 10) gap = 2;
      else if (gap === 0) gap = 1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) out += out === '' ? s.slice(start) : (gap === 2 ? '\n' : ' ') + s.slice(start);
  return out;
}
