import type { ItemDraft } from '../domain/types.ts';
import { textToHtml } from '../lib/escape-html.ts';
import type { IntakeMessage } from './types.ts';

/** The first line of a text, cut at `max` characters on a word boundary when possible. */
export function firstLine(value: string, max = 100): string | null {
  const line = value.trim().split(/\r?\n/, 1)[0]?.replace(/\s+/g, ' ').trim();
  if (!line) return null;
  if (line.length <= max) return line;
  const cut = line.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/**
 * The draft of a pushed message. Its title is the sender's title, else the message's first
 * line, so that a digest can list it.
 *
 * @example intakeDraft(msg, 'ntfy:AbC123').kind // 'notification'
 */
export function intakeDraft(msg: IntakeMessage, externalId: string): ItemDraft {
  const title = msg.title ?? (msg.html ? null : firstLine(msg.message));
  return {
    externalId,
    kind: msg.kind,
    url: msg.click,
    title,
    author: msg.author,
    contentHtml: msg.html ? msg.message : textToHtml(msg.message),
    summary: null,
    publishedAt: msg.publishedAt,
    baseUrl: null,
    priority: msg.priority,
    attachments: msg.attachments,
    extra: msg.extra,
  };
}
