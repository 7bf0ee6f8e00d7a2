/**
 * Pushover's message API (https://pushover.net/api, POST /1/messages.json): form or JSON
 * fields `token`, `user`, `message` (required), `title`, `priority` (−2…2), `url`,
 * `url_title`, `html`, `timestamp`, `device`, `sound`.
 */
import { ValidationError } from '../domain/errors.ts';
import { pushoverPriority } from '../domain/priority.ts';
import { type Fields, httpUrl, raw, text, timeOf, titleOf } from './fields.ts';
import { type IntakeMessage, intakeMessage } from './types.ts';

/**
 * A Pushover message. The credential (`token`/`user`) is checked by the receiver.
 *
 * @example parsePushover({ token: 't', user: 'u', message: 'Door open', priority: '2' }).priority // 5
 */
export function parsePushover(fields: Fields): IntakeMessage {
  const message = text(fields, 'message');
  if (!message) throw new ValidationError('intake: Pushover message cannot be blank');
  const priority = pushoverPriority(raw(fields, 'priority'));
  if (priority === undefined) {
    throw new ValidationError('intake: Pushover priority is invalid (use -2, -1, 0, 1 or 2)');
  }
  const url = httpUrl(text(fields, 'url'));
  const urlTitle = text(fields, 'url_title');
  const device = text(fields, 'device');
  return intakeMessage({
    title: titleOf(text(fields, 'title')),
    message,
    html: text(fields, 'html') === '1',
    priority,
    click: url,
    publishedAt: timeOf(fields.timestamp),
    extra: {
      intake: 'pushover',
      ...(urlTitle ? { urlTitle } : {}),
      ...(device ? { device } : {}),
    },
  });
}

/** Pushover's success answer. */
export function pushoverAnswer(request: string): Record<string, unknown> {
  return { status: 1, request };
}

/** Pushover's error answer (with Checkpoint's error object beside it). */
export function pushoverError(
  request: string,
  code: string,
  message: string,
): Record<string, unknown> {
  return { status: 0, errors: [message], request, error: { code, message } };
}
