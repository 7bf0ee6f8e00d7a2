import { CheckpointError } from '../domain/errors.ts';
import type { SafeFetcher } from '../lib/net/safe-fetch.ts';
import type { Notice } from './notice.ts';

/** HTTP header values must be Latin-1; ntfy documents RFC 2047 encoding for the rest. */
function headerValue(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ').slice(0, 250);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for non-Latin-1 text
  return /^[\x20-\x7e]*$/.test(clean) ? clean : `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}

/**
 * Publishes a notice to an ntfy topic URL with ntfy's publish shape (body = message;
 * Title, Priority, Tags, Click headers), through the safe fetcher.
 *
 * @example await sendNtfy(fetcher, 'https://ntfy.sh/my-topic', notice)
 */
export async function sendNtfy(fetcher: SafeFetcher, topicUrl: string, notice: Notice): Promise<void> {
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    title: headerValue(notice.title),
    priority: String(Math.min(5, Math.max(1, Math.round(notice.priority)))),
  };
  if (notice.tags.length) headers.tags = headerValue(notice.tags.join(','));
  if (notice.url) headers.click = notice.url;
  const response = await fetcher.fetch(topicUrl, { method: 'POST', headers, body: notice.body.slice(0, 4000) });
  if (response.status < 200 || response.status >= 300) {
    throw new CheckpointError('delivery_failed', `ntfy: ${topicUrl} answered HTTP ${response.status}`);
  }
}
