/**
 * The URL when it is http(s), else null: links we send out never carry `javascript:` or
 * `data:` URLs, whatever a source put into an item.
 *
 * @example linkable('javascript:alert(1)') // null
 */
export function linkable(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
