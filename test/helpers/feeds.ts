/** Small feed documents for tests, built from plain objects. */
export interface TestEntry {
  guid?: string;
  title: string;
  link?: string;
  date?: string;
  html?: string;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSS 2.0 document with the given items (content in CDATA). */
export function rss(title: string, entries: readonly TestEntry[], siteUrl = 'https://blog.example.org/'): string {
  const items = entries
    .map(
      (e) => `<item>
  <title>${escape(e.title)}</title>
  ${e.link ? `<link>${escape(e.link)}</link>` : ''}
  ${e.guid ? `<guid isPermaLink="false">${escape(e.guid)}</guid>` : ''}
  ${e.date ? `<pubDate>${e.date}</pubDate>` : ''}
  <description><![CDATA[${e.html ?? `<p>${escape(e.title)}</p>`}]]></description>
</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${escape(title)}</title><link>${escape(siteUrl)}</link><description>test</description>
${items}
</channel></rss>`;
}

/** An HTML page that links to the given feeds with `<link rel="alternate">`. */
export function pageWithFeeds(feeds: readonly { href: string; title: string; type?: string }[]): string {
  const links = feeds
    .map((f) => `<link rel="alternate" type="${f.type ?? 'application/rss+xml'}" title="${escape(f.title)}" href="${escape(f.href)}">`)
    .join('\n');
  return `<!doctype html><html><head><title>A blog</title>${links}</head><body><h1>A blog</h1></body></html>`;
}
