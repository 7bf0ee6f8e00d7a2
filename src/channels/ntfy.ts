import { z } from 'zod';
import { CheckpointError } from '../domain/errors.ts';
import type { Notice } from '../domain/notice.ts';
import { linkable } from '../lib/linkable.ts';
import type { SafeFetcher } from '../lib/net/safe-fetch.ts';
import type { ChannelSpec } from './channel.ts';

/** ntfy turns longer messages into attachments (server default `message-size-limit` 4096). */
const MAX_MESSAGE_BYTES = 4000;
const MAX_HEADER_CHARS = 250;

/** An ntfy topic URL (http or https; whether it may be reached is the SSRF guard's call). */
export const ntfyTargetSchema = z.object({ ntfy: z.url({ protocol: /^https?$/ }) }).strict();
export type NtfyTarget = z.infer<typeof ntfyTargetSchema>;

/** What publishing needs: the safe fetcher. */
export interface NtfyDeps {
  fetcher: SafeFetcher;
}

/** The first `max` characters, never cutting a surrogate pair in two. */
function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** The longest start of `text` that fits in `max` UTF-8 bytes, cut at a character boundary. */
function clipBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  let bytes = Buffer.byteLength('…', 'utf8');
  let out = '';
  for (const char of text) {
    bytes += Buffer.byteLength(char, 'utf8');
    if (bytes > max) break;
    out += char;
  }
  return `${out}…`;
}

/** The URL without `user:password@`, for messages that end up in logs and the ledger. */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return url;
  }
}

/**
 * HTTP header values must be printable ASCII here; ntfy documents RFC 2047 encoded-words
 * (`=?UTF-8?B?…?=`) for the rest, which also keeps control characters out of the header.
 *
 * @example headerValue('Café') // '=?UTF-8?B?Q2Fmw6k=?='
 */
export function headerValue(text: string): string {
  const clean = clip(text.replace(/[\r\n]+/g, ' ').trim(), MAX_HEADER_CHARS);
  return /^[\x20-\x7e]*$/.test(clean)
    ? clean
    : `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}

/**
 * Publishes a notice to an ntfy topic URL with ntfy's publish shape (body = message;
 * Title, Priority, Tags, Click headers), through the safe fetcher.
 *
 * @example await sendNtfy(fetcher, 'https://ntfy.sh/my-topic', notice)
 */
export async function sendNtfy(
  fetcher: SafeFetcher,
  topicUrl: string,
  notice: Notice,
): Promise<void> {
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    title: headerValue(notice.title),
    priority: String(Math.min(5, Math.max(1, Math.round(notice.priority)))),
  };
  if (notice.tags.length) headers.tags = headerValue(notice.tags.join(','));
  // URL.href is ASCII (WHATWG serialisation percent-encodes the rest), so it fits a header.
  const click = linkable(notice.url);
  if (click) headers.click = click;
  const response = await fetcher.fetch(topicUrl, {
    method: 'POST',
    headers,
    body: clipBytes(notice.body, MAX_MESSAGE_BYTES),
  });
  if (response.status < 200 || response.status >= 300) {
    throw new CheckpointError(
      'delivery_failed',
      `ntfy: ${withoutCredentials(topicUrl)} answered HTTP ${response.status}`,
    );
  }
}

/** ntfy: a notice is a POST to a topic URL (`--notify ntfy:URL`). */
export const ntfyChannel: ChannelSpec<'ntfy', NtfyTarget, NtfyDeps> = {
  name: 'ntfy',
  schema: ntfyTargetSchema,
  syntax: 'ntfy:URL',
  prefix: 'ntfy:',
  parse: (token) => (token.startsWith('ntfy:') ? { ntfy: token.slice(5) } : null),
  format: (target) => `ntfy:${target.ntfy}`,
  label: (target) => `ntfy ${target.ntfy}`,
  key: (target) => `ntfy ${target.ntfy}`,
  problem: (target) =>
    ntfyTargetSchema.safeParse(target).success
      ? null
      : {
          message: `ntfy needs an http(s) topic URL (got "${target.ntfy}")`,
          localised: { key: 'error.schedule.ntfy', params: { url: target.ntfy } },
        },
  send: (deps, _userId, target, notice) => sendNtfy(deps.fetcher, target.ntfy, notice),
};
