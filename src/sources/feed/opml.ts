import { Parser } from 'htmlparser2';
import { decodeBytes } from '../../lib/charset.ts';

/** One subscription in an OPML document. */
export interface OpmlFeed {
  xmlUrl: string;
  title: string;
  htmlUrl: string | null;
  /** Folder path ("Tech/Web") of the enclosing outlines, or null at the top level. */
  category: string | null;
  /** 1-based line of the outline, for error reports. */
  line: number;
}

export interface OpmlDocument {
  title: string | null;
  feeds: OpmlFeed[];
  /** Outlines that could not be used, with the reason. */
  errors: { line: number; message: string }[];
  /**
   * Whether the input looked like OPML at all: an `<opml>` element or at least one `<outline>`
   * (a truncated export still counts). A web page, a feed or plain text does not.
   */
  recognised: boolean;
}

/**
 * Reads an OPML subscription list leniently (OPML 1.0/1.1/2.0, broken documents recover what
 * is readable): nested folder outlines become categories. Pure: no I/O.
 *
 * @example parseOpml(bytes).feeds[0] // { xmlUrl, title, htmlUrl, category, line }
 */
export function parseOpml(input: Uint8Array | string): OpmlDocument {
  const text = typeof input === 'string' ? input : decodeBytes(input, null).text;
  // Lines end in LF, CRLF or a lone CR (old Mac exports, such as the OPML 2.0 spec examples).
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lineStarts.push(i + 1);
  }
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  const doc: OpmlDocument = { title: null, feeds: [], errors: [], recognised: false };
  const folders: (string | null)[] = [];
  let inTitle = false;
  let inHead = false;
  let title = '';
  const parser: Parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'opml' || name === 'outline') doc.recognised = true;
        if (name === 'head') inHead = true;
        else if (name === 'title' && inHead) inTitle = true;
        if (name !== 'outline') return;
        const label = (attrs.title ?? attrs.text ?? '').trim();
        const xmlUrl = (attrs.xmlurl ?? attrs.xmlUrl ?? '').trim();
        const path = folders.filter((f): f is string => !!f);
        if (xmlUrl) {
          const line = lineOf(parser.startIndex);
          let valid = false;
          try {
            const url = new URL(xmlUrl);
            valid = url.protocol === 'http:' || url.protocol === 'https:';
          } catch {
            valid = false;
          }
          if (valid) {
            doc.feeds.push({
              xmlUrl,
              title: label,
              htmlUrl: (attrs.htmlurl ?? attrs.htmlUrl ?? '').trim() || null,
              category: path.length ? path.join('/') : null,
              line,
            });
          } else {
            doc.errors.push({
              line,
              message: `opml: line ${line}: "${xmlUrl}" is not an http(s) URL`,
            });
          }
          folders.push(null);
        } else {
          folders.push(label || null);
        }
      },
      ontext(data) {
        if (inTitle) title += data;
      },
      onclosetag(name) {
        if (name === 'outline') folders.pop();
        else if (name === 'title') inTitle = false;
        else if (name === 'head') inHead = false;
      },
    },
    {
      xmlMode: true,
      decodeEntities: true,
      lowerCaseAttributeNames: true,
      recognizeSelfClosing: true,
    },
  );
  parser.write(text);
  parser.end();
  doc.title = title.trim() || null;
  return doc;
}

function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * Writes an OPML 2.0 subscription list; categories become folder outlines ("A/B" nests),
 * so that `parseOpml(serializeOpml(x))` gives back the same feeds.
 */
export function serializeOpml(
  title: string,
  feeds: readonly Omit<OpmlFeed, 'line'>[],
  now: Date,
): string {
  interface Folder {
    feeds: Omit<OpmlFeed, 'line'>[];
    children: Map<string, Folder>;
  }
  const root: Folder = { feeds: [], children: new Map() };
  for (const feed of feeds) {
    let folder = root;
    for (const part of feed.category ? feed.category.split('/') : []) {
      let child = folder.children.get(part);
      if (!child) {
        child = { feeds: [], children: new Map() };
        folder.children.set(part, child);
      }
      folder = child;
    }
    folder.feeds.push(feed);
  }
  const lines: string[] = [];
  const write = (folder: Folder, depth: number) => {
    const pad = '  '.repeat(depth);
    for (const [name, child] of folder.children) {
      lines.push(`${pad}<outline text="${escapeXml(name)}" title="${escapeXml(name)}">`);
      write(child, depth + 1);
      lines.push(`${pad}</outline>`);
    }
    for (const feed of folder.feeds) {
      const html = feed.htmlUrl ? ` htmlUrl="${escapeXml(feed.htmlUrl)}"` : '';
      lines.push(
        `${pad}<outline type="rss" text="${escapeXml(feed.title)}" title="${escapeXml(feed.title)}" xmlUrl="${escapeXml(feed.xmlUrl)}"${html}/>`,
      );
    }
  };
  write(root, 2);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(title)}</title>`,
    `    <dateCreated>${now.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
    ...lines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
