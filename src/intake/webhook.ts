/**
 * `/intake/webhook/<name>`: JSON from senders that let the user choose a URL but not the
 * shape. Recognised, in this order:
 * - Apprise `json://` payloads `{version, title, message, type}`;
 * - Android notification forwarders `{packageName, appName, title, text, bigText, priority,
 *   timestamp}` (Android priority −2…2);
 * - SMS forwarders `{from, text, sentStamp}`;
 * - anything else through the generic mapping documented in docs/push-intake.md.
 */
import { ValidationError } from '../domain/errors.ts';
import { androidPriority, ntfyPriority } from '../domain/priority.ts';
import { type Fields, httpUrl, raw, tagList, text, timeOf, titleOf } from './fields.ts';
import { type IntakeMessage, intakeMessage } from './types.ts';

/** Webhook names: like ntfy topics. */
export const WEBHOOK_NAME = /^[-_A-Za-z0-9]{1,64}$/;

/** Apprise's notification types → priority: warnings and failures rank above the default. */
const APPRISE_TYPES: Record<string, number> = { info: 3, success: 3, warning: 4, failure: 4 };

function isApprise(f: Fields): boolean {
  return typeof f.version === 'string' && typeof f.type === 'string' && 'message' in f;
}

function apprise(name: string, f: Fields): IntakeMessage {
  const type = (text(f, 'type') ?? 'info').toLowerCase();
  return intakeMessage({
    channel: name,
    title: titleOf(text(f, 'title')),
    message: text(f, 'message') ?? '',
    priority: APPRISE_TYPES[type] ?? 3,
    tags: [type],
    extra: { intake: 'webhook', format: 'apprise', type },
  });
}

function android(name: string, f: Fields): IntakeMessage {
  const app = text(f, 'appName', 'app_name', 'app', 'applicationName');
  const pkg = text(f, 'packageName', 'package', 'pkg', 'app_package');
  const body = text(f, 'bigText', 'big_text', 'text', 'message', 'body', 'content') ?? '';
  const sub = text(f, 'subText', 'sub_text');
  return intakeMessage({
    channel: name,
    title: titleOf(text(f, 'title')),
    message: sub && !body.includes(sub) ? `${body}\n${sub}` : body,
    priority: androidPriority(raw(f, 'priority')),
    author: app ?? pkg,
    publishedAt: timeOf(f.timestamp ?? f.postTime ?? f.time),
    click: httpUrl(text(f, 'url', 'link')),
    extra: { intake: 'webhook', format: 'android', ...(pkg ? { packageName: pkg } : {}) },
  });
}

function sms(name: string, f: Fields): IntakeMessage {
  const from = text(f, 'from', 'sender');
  return intakeMessage({
    channel: name,
    kind: 'message',
    title: titleOf(from),
    message: text(f, 'text') ?? '',
    author: from,
    publishedAt: timeOf(f.sentStamp ?? f.receivedStamp ?? f.timestamp),
    extra: { intake: 'webhook', format: 'sms' },
  });
}

function generic(name: string, f: Fields): IntakeMessage {
  const title = titleOf(text(f, 'title', 'subject', 'heading', 'summary'));
  const message = text(f, 'message', 'text', 'body', 'content', 'description', 'msg') ?? title;
  if (message === null) {
    throw new ValidationError(
      'intake: webhook payload has no message (send "message", "text" or "body", or "title")',
    );
  }
  const priority = ntfyPriority(raw(f, 'priority', 'prio'));
  if (priority === undefined) {
    throw new ValidationError(
      'intake: webhook "priority" must be 1–5 or min, low, default, high, urgent, max',
    );
  }
  return intakeMessage({
    channel: name,
    title,
    message,
    priority,
    tags: tagList(f.tags ?? f.tag),
    click: httpUrl(text(f, 'url', 'click', 'link', 'href')),
    author: text(f, 'author', 'from', 'sender', 'app', 'source'),
    publishedAt: timeOf(f.timestamp ?? f.time ?? f.date),
    extra: { intake: 'webhook', format: 'generic' },
  });
}

/**
 * A webhook payload → message: JSON object or form fields, or plain text as the message.
 *
 * @example parseWebhook('phone', { packageName: 'com.whatsapp', appName: 'WhatsApp', title: 'Ann', text: 'Hi' }).author // 'WhatsApp'
 */
export function parseWebhook(name: string, payload: Fields | string): IntakeMessage {
  if (!WEBHOOK_NAME.test(name)) {
    throw new ValidationError(
      `intake: webhook name "${name.slice(0, 80)}" is invalid (1–64 letters, digits, - or _)`,
    );
  }
  if (typeof payload === 'string') {
    if (payload.trim() === '') throw new ValidationError('intake: the webhook body is empty');
    return intakeMessage({ channel: name, message: payload, extra: { intake: 'webhook' } });
  }
  if (isApprise(payload)) return apprise(name, payload);
  if (text(payload, 'packageName', 'package', 'pkg', 'app_package')) return android(name, payload);
  if (text(payload, 'from') && 'text' in payload && !('title' in payload))
    return sms(name, payload);
  return generic(name, payload);
}
