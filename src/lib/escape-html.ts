const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and for single- or double-quoted attribute values:
 * the one to use for markup we write ourselves.
 *
 * @example escapeHtml('<b> & "q"') // '&lt;b&gt; &amp; &quot;q&quot;'
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * Escapes only what HTML/XML element content needs (`&`, `<`, `>`): serialisers of documents
 * from outside (sanitised HTML, XML) use it so that their output changes no more than needed.
 *
 * @example escapeText('a < b & "c"') // 'a &lt; b &amp; "c"'
 */
export function escapeText(s: string): string {
  if (!/[&<>]/.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes what a double-quoted HTML/XML attribute value needs (`&`, `<`, `>`, `"`), for the
 * same serialisers as `escapeText`.
 *
 * @example escapeAttr('a "b" & c') // 'a &quot;b&quot; &amp; c'
 */
export function escapeAttr(s: string): string {
  if (!/[&<>"]/.test(s)) return s;
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * Plain text as HTML: paragraphs at blank lines, line breaks kept, http(s) URLs as links.
 *
 * @example textToHtml('Hi\nsee https://example.org') // '<p>Hi<br>see <a href="https://example.org">https://example.org</a></p>'
 */
export function textToHtml(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '')
    .map((p) => {
      const escaped = escapeHtml(p).replace(
        /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g,
        (url) => `<a href="${url}">${url}</a>`,
      );
      return `<p>${escaped.replace(/\n/g, '<br>')}</p>`;
    })
    .join('');
}
