/**
 * One e-mail → one `ItemDraft` (kind `newsletter`). Pure: no I/O; mailparser decodes MIME
 * (charsets, quoted-printable, base64, multipart/alternative), attachments are ignored apart
 * from inline `cid:` images, which become `data:` URLs the sanitiser may keep.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { ItemDraft } from '../../domain/types.ts';
import { htmlToText } from '../../lib/html/text.ts';
import { type NewsletterReason, newsletterReason } from './detect.ts';
import { firstField, type HeaderFields, unfold } from './headers.ts';
import { declareHtmlCharsets } from './html-charset.ts';
import { parseListUnsubscribe, type UnsubscribeInfo } from './list-unsubscribe.ts';

/** The sender as shown: display name and address (lower-cased), either may be missing. */
export interface MailSender {
  name: string | null;
  address: string | null;
}

/** Kind-specific data kept in the item's `extra` (the web view and the senders page read it). */
export interface MailExtra {
  from: MailSender;
  /** The (first) recipient: the address that subscribed, used as From of mailto unsubscribes. */
  to: string | null;
  messageId: string | null;
  listId: string | null;
  unsubscribe: UnsubscribeInfo | null;
  /** Why it counted as a newsletter; null for mail sent to an own address without list headers. */
  reason: NewsletterReason | null;
}

export interface ParsedMessage {
  draft: ItemDraft;
  mail: MailExtra;
}

export interface ParseMessageOptions {
  /** Mailbox folder it came from (part of the fallback id for messages without Message-ID). */
  folder?: string;
  /** When the message arrived (IMAP INTERNALDATE); used when the Date header is missing. */
  receivedAt?: Date | null;
  /** Senders the user marked as newsletters. */
  markedSenders?: readonly string[];
  /** More data for `extra` (SPF/DKIM/DMARC results of the SMTP intake). */
  extra?: Record<string, unknown>;
}

function headerFields(lines: readonly { key: string; line: string }[]): HeaderFields {
  const fields = new Map<string, string[]>();
  for (const { key, line } of lines) {
    const value = unfold(line.slice(line.indexOf(':') + 1));
    const list = fields.get(key.toLowerCase());
    if (list) list.push(value);
    else fields.set(key.toLowerCase(), [value]);
  }
  return fields;
}

function firstSender(from: AddressObject | undefined): MailSender {
  const first = from?.value.find((a) => a.address) ?? from?.value[0];
  return {
    name: first?.name?.trim() || null,
    address: first?.address?.trim().toLowerCase() || null,
  };
}

function firstRecipient(to: AddressObject | AddressObject[] | undefined): string | null {
  const list = Array.isArray(to) ? to : to ? [to] : [];
  const address = list.flatMap((a) => a.value).find((a) => a.address)?.address;
  return address ? address.trim().toLowerCase() : null;
}

/** `<abc@example.org>` → `abc@example.org`; null when empty. */
export function bareMessageId(value: string | null | undefined): string | null {
  const id = value
    ?.trim()
    .replace(/^<+|>+$/g, '')
    .trim();
  return id ? id : null;
}

/**
 * The stable id of a message within its source: its Message-ID when it has one (so a resync
 * after UIDVALIDITY changed, or a redelivery, finds the stored item), else a hash of the
 * headers that do not change between fetches, the folder, and the body.
 *
 * @example messageExternalId('abc@example.org', new Map(), 'INBOX', '') // 'mid:abc@example.org'
 */
export function messageExternalId(
  messageId: string | null,
  fields: HeaderFields,
  folder: string,
  body: string,
): string {
  if (messageId) return `mid:${messageId}`;
  const stable = ['date', 'from', 'to', 'subject'].map((k) => firstField(fields, k) ?? '');
  const hash = createHash('sha256')
    .update([folder, ...stable].join('\n'))
    .update('\n')
    .update(body)
    .digest('base64url');
  return `hash:${hash}`;
}

function validDate(date: Date | undefined | null): Date | null {
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/**
 * Mailparser's reading, again with the charsets HTML parts declare only in their `<meta>`.
 * A message given as a stream opener (the SMTP intake's spooled file) is read as a stream,
 * and whole only when that walk is needed.
 */
async function parseMime(source: Buffer | (() => Readable)): Promise<ParsedMail> {
  // Loaded on first use: most CLI commands never parse mail.
  const { simpleParser } = await import('mailparser');
  const input = typeof source === 'function' ? source() : source;
  const parsed = await simpleParser(input, { skipHtmlToText: true });
  // Most mail declares its charset in MIME: the walk runs only when the HTML names one.
  if (!parsed.html || !/<(?:meta\b|\?xml)[^>]*(?:charset|encoding)/i.test(parsed.html))
    return parsed;
  const declared = declareHtmlCharsets(
    typeof source === 'function' ? Buffer.concat(await source().toArray()) : source,
  );
  return declared ? await simpleParser(declared, { skipHtmlToText: true }) : parsed;
}

/**
 * The body to show: the HTML, unless it shows nothing (no text, no image) while the text part
 * has words — Outlook sends such empty HTML alternatives (php-mime-mail-parser issue 116) —
 * then the text as HTML.
 */
function bodyHtml(parsed: ParsedMail): string | null {
  const html = parsed.html || null;
  const empty = html !== null && !/<img\b/i.test(html) && htmlToText(html) === '';
  if (html && !(empty && parsed.text?.trim())) return html;
  return parsed.textAsHtml || html;
}

/**
 * Parses a raw RFC 5322 message into a newsletter draft: sender as author, subject as title,
 * the HTML body (or the text body as escaped, linked HTML), the Date header (else the arrival
 * time), and List-Id / List-Unsubscribe / List-Unsubscribe-Post in `extra`.
 *
 * @example const { draft, mail } = await parseMessage(readFileSync('news.eml'));
 */
export async function parseMessage(
  raw: Uint8Array | string | (() => Readable),
  options: ParseMessageOptions = {},
): Promise<ParsedMessage> {
  const parsed = await parseMime(typeof raw === 'function' ? raw : Buffer.from(raw));
  const fields = headerFields(parsed.headerLines);
  const from = firstSender(parsed.from);
  const messageId = bareMessageId(parsed.messageId);
  const html = bodyHtml(parsed);
  const mail: MailExtra = {
    from,
    to: firstRecipient(parsed.to),
    messageId,
    listId: firstField(fields, 'list-id'),
    unsubscribe: parseListUnsubscribe(
      firstField(fields, 'list-unsubscribe'),
      firstField(fields, 'list-unsubscribe-post'),
    ),
    reason: newsletterReason(fields, options.markedSenders ?? []),
  };
  const draft: ItemDraft = {
    externalId: messageExternalId(
      messageId,
      fields,
      options.folder ?? '',
      html ?? parsed.text ?? '',
    ),
    kind: 'newsletter',
    url: null,
    title: parsed.subject?.trim() || null,
    author: from.name ?? from.address,
    contentHtml: html,
    summary: null,
    publishedAt: validDate(parsed.date) ?? validDate(options.receivedAt),
    baseUrl: null,
    extra: { ...mail, ...options.extra },
  };
  return { draft, mail };
}
