import { htmlToText } from '../lib/html/text.ts';

const MAX = 300;

/**
 * A plain-text summary: the summary text when there is one, else the start of the content,
 * cut at a word boundary with an ellipsis.
 *
 * @example summarize(null, '<p>Hello <b>world</b></p>') // 'Hello world'
 */
export function summarize(summaryHtml: string | null, contentHtml: string | null): string | null {
  const source = summaryHtml ?? contentHtml;
  if (!source) return null;
  return truncateText(htmlToText(source));
}

/** Collapses whitespace and cuts plain text to a summary's length at a word boundary. */
export function truncateText(raw: string): string | null {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (!text) return null;
  if (text.length <= MAX) return text;
  const cut = text.slice(0, MAX);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}
