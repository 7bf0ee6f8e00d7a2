/**
 * Gotify's message API (https://gotify.net/api-docs, POST /message): JSON or form fields
 * `title`, `message` (required), `priority` (0–10) and `extras` (JSON only).
 */
import { ValidationError } from '../domain/errors.ts';
import { gotifyPriority } from '../domain/priority.ts';
import { type Fields, httpUrl, raw, text, titleOf } from './fields.ts';
import { type IntakeMessage, intakeMessage } from './types.ts';

function extrasOf(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A nested extras value such as `client::notification` → `click` → `url`. */
function nested(extras: Record<string, unknown> | null, ...path: string[]): string | null {
  let at: unknown = extras;
  for (const key of path) {
    if (!at || typeof at !== 'object') return null;
    at = (at as Record<string, unknown>)[key];
  }
  return typeof at === 'string' ? at : null;
}

/**
 * A Gotify message from its JSON body or form fields.
 *
 * @example parseGotify({ message: 'Backup failed', priority: 8 }).priority // 5
 */
export function parseGotify(fields: Fields): IntakeMessage {
  const message = text(fields, 'message');
  if (!message) throw new ValidationError("intake: Gotify message needs the field 'message'");
  const priority = gotifyPriority(raw(fields, 'priority'));
  if (priority === undefined) {
    throw new ValidationError('intake: Gotify priority must be a whole number (0–10)');
  }
  const extras = extrasOf(fields.extras);
  const markdown = nested(extras, 'client::display', 'contentType') === 'text/markdown';
  return intakeMessage({
    title: titleOf(text(fields, 'title')),
    message,
    priority,
    click: httpUrl(nested(extras, 'client::notification', 'click', 'url')),
    extra: {
      intake: 'gotify',
      ...(extras ? { extras } : {}),
      ...(markdown ? { contentType: 'text/markdown' } : {}),
    },
  });
}

/**
 * Gotify's answer to a created message.
 *
 * @example gotifyAnswer(msg, 42, 3, new Date()).id // 42
 */
export function gotifyAnswer(
  msg: IntakeMessage,
  id: number,
  givenPriority: unknown,
  at: Date,
): Record<string, unknown> {
  return {
    id,
    appid: 1,
    message: msg.message,
    title: msg.title ?? '',
    priority: Number.isInteger(Number(givenPriority)) ? Number(givenPriority) : 0,
    date: at.toISOString(),
  };
}
