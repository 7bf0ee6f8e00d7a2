/** Small feed documents for tests, built from plain objects. */
export interface TestEntry {
  guid?: string;
  title: string;
  link?: string;
  date?: string;
  html?: string;
}

const esc = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSS 2.0 document with the given items (content in CDATA). */
export function rss(
  title: string,
  entries: readonly TestEntry[],
  siteUrl = 'https://blog.example.org/',
): string {
  const items = entries
    .map(
      (e) => `<item>
  <title>${esc(e.title)}</title>
  ${e.link ? `<link>${esc(e.link)}</link>` : ''}
  ${e.guid ? `<guid isPermaLink="false">${esc(e.guid)}</guid>` : ''}
  ${e.date ? `<pubDate>${e.date}</pubDate>` : ''}
  <description><![CDATA[${e.html ?? `<p>${esc(e.title)}</p>`}]]></description>
</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${esc(title)}</title><link>${esc(siteUrl)}</link><description>test</description>
${items}
</channel></rss>`;
}

/** An HTML page that links to the given feeds with `<link rel="alternate">`. */
export function pageWithFeeds(
  feeds: readonly { href: string; title: string; type?: string }[],
): string {
  const links = feeds
    .map(
      (f) =>
        `<link rel="alternate" type="${f.type ?? 'application/rss+xml'}" title="${esc(f.title)}" href="${esc(f.href)}">`,
    )
    .join('\n');
  return `<!doctype html><html><head><title>A blog</title>${links}</head><body><h1>A blog</h1></body></html>`;
}
