const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example escapeHtml('<b> & "q"') // '&lt;b&gt; &amp; &quot;q&quot;'
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
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
