/**
 * Unsubscribing from a newsletter, per sender: RFC 8058 one-click (an HTTPS POST of
 * `List-Unsubscribe=One-Click`, through the safe fetcher and its SSRF guard) when the message
 * offers it; otherwise the https link or the mailto address is offered, and on request the
 * mailto is sent through CHECKPOINT_SMTP_URL. Every attempt is recorded.
 */
import { z } from 'zod';
import { findItem } from '../../db/repos/items.ts';
import { insertUnsubscribe, listUnsubscribes } from '../../db/repos/unsubscribes.ts';
import type { UnsubscribeRow } from '../../db/schema.ts';
import { CheckpointError, invalid, NotFoundError } from '../../domain/errors.ts';
import { escapeHtml } from '../../lib/escape-html.ts';
import { readJsonAs } from '../../lib/json.ts';
import type { MailExtra } from '../../sources/mail/parse-message.ts';
import type { App } from '../app.ts';

export type UnsubscribeMethod = 'one-click' | 'https' | 'mailto';

/** The recorded outcome, as the CLI and `/api/v1/items/:id/unsubscribe` return it. */
export interface UnsubscribeView {
  id: number;
  itemId: number | null;
  sourceId: number | null;
  sender: string;
  method: UnsubscribeMethod;
  /** `done`: the sender was told; `failed`: it answered an error; `offered`: open `target` yourself. */
  status: 'done' | 'failed' | 'offered';
  target: string;
  httpStatus: number | null;
  detail: string | null;
  at: string;
}

/** Sends one plain-text mail (the delivery mailer over CHECKPOINT_SMTP_URL). */
export interface PlainMailer {
  send(mail: { from: string; to: string; subject: string; text: string }): Promise<void>;
}

export interface UnsubscribeOptions {
  /** `auto` (default): one-click when offered, else offer the link. `mailto`: send the mailto. */
  prefer?: 'auto' | 'mailto';
  /** Default: a mailer over CHECKPOINT_SMTP_URL (null when it is unset). */
  mailer?: PlainMailer | null;
}

/** The app's outbound mail over CHECKPOINT_SMTP_URL (its host passes the SSRF guard), or null when unset. */
export function smtpUrlMailer(app: App): PlainMailer | null {
  if (!app.config.smtpUrl) return null;
  return {
    async send(mail) {
      await app.notifier.sendMail({ ...mail, html: `<p>${escapeHtml(mail.text)}</p>` });
    },
  };
}

export function toUnsubscribeView(row: UnsubscribeRow): UnsubscribeView {
  return {
    id: row.id,
    itemId: row.item_id,
    sourceId: row.source_id,
    sender: row.sender,
    method: row.method as UnsubscribeMethod,
    status: row.status as UnsubscribeView['status'],
    target: row.target,
    httpStatus: row.http_status,
    detail: row.detail,
    at: new Date(row.created_at).toISOString(),
  };
}

const mailSenderSchema: z.ZodType<MailExtra['from']> = z.object({
  name: z.string().nullable(),
  address: z.string().nullable(),
});

const unsubscribeInfoSchema: z.ZodType<NonNullable<MailExtra['unsubscribe']>> = z.object({
  web: z.array(z.string()),
  mailto: z.array(z.string()),
  oneClick: z.boolean(),
  post: z.string().nullable(),
});

const authResultSchema = z.object({ result: z.string(), domain: z.string().nullable() });

/**
 * The mail data an item's `extra` keeps (MailExtra, plus the SPF/DKIM/DMARC verdict of the
 * SMTP intake). `from` is what tells mail apart from other items' extras.
 */
const mailExtraSchema = z.object({
  from: mailSenderSchema.nullable(),
  to: z.string().nullish(),
  messageId: z.string().nullish(),
  listId: z.string().nullish(),
  unsubscribe: unsubscribeInfoSchema.nullish(),
  reason: z.string().nullish(),
  auth: z
    .object({
      spf: authResultSchema,
      dkim: z.array(authResultSchema.extend({ aligned: z.boolean() })),
      dmarc: authResultSchema.extend({ policy: z.string().nullable() }),
      summary: z.string(),
    })
    .optional(),
});

/** The mail data of an item, as stored in its `extra`. */
export type MailData = z.infer<typeof mailExtraSchema>;

/**
 * The mail data kept in an item's `extra`, or null for items that are not mail (and for an
 * `extra` that is not JSON or not mail data as Checkpoint stores it).
 *
 * @example mailExtra(item.extra)?.unsubscribe?.oneClick
 */
export function mailExtra(extraJson: string): MailData | null {
  return readJsonAs(mailExtraSchema, extraJson) ?? null;
}

/** RFC 6068: `mailto:addr?subject=…&body=…` → its parts. */
export function parseMailto(uri: string): { to: string; subject: string; body: string } {
  const url = new URL(uri);
  const to = decodeURIComponent(url.pathname) || url.searchParams.get('to') || '';
  return {
    to,
    subject: url.searchParams.get('subject') ?? 'unsubscribe',
    body: url.searchParams.get('body') ?? 'unsubscribe',
  };
}

type Attempt = Pick<UnsubscribeView, 'method' | 'status' | 'target' | 'httpStatus' | 'detail'>;

async function oneClick(app: App, target: string): Promise<Attempt> {
  try {
    // RFC 8058 §3.2: a POST with exactly this body, no cookies or credentials.
    const response = await app.fetcher.fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      maxBytes: 256 * 1024,
    });
    const ok = response.status >= 200 && response.status < 300;
    return {
      method: 'one-click',
      status: ok ? 'done' : 'failed',
      target,
      httpStatus: response.status,
      detail: ok ? null : `unsubscribe: the sender answered HTTP ${response.status}`,
    };
  } catch (error) {
    const detail = error instanceof CheckpointError ? error.message : String(error);
    return { method: 'one-click', status: 'failed', target, httpStatus: null, detail };
  }
}

async function sendMailto(target: string, from: string, mailer: PlainMailer): Promise<Attempt> {
  const { to, subject, body } = parseMailto(target);
  try {
    await mailer.send({ from, to, subject, text: body });
    return {
      method: 'mailto',
      status: 'done',
      target,
      httpStatus: null,
      detail: `sent from ${from}`,
    };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { method: 'mailto', status: 'failed', target, httpStatus: null, detail };
  }
}

/**
 * Unsubscribes from the sender of a newsletter item and records the attempt. Throws when the
 * item is not the user's, is not mail, or offers no List-Unsubscribe.
 *
 * @example const result = await unsubscribeItem(app, user.id, 42); // result.status === 'done'
 */
export async function unsubscribeItem(
  app: App,
  userId: number,
  itemId: number,
  options: UnsubscribeOptions = {},
): Promise<UnsubscribeView> {
  const item = await findItem(app.db.kysely, userId, itemId);
  if (!item) throw new NotFoundError(`item: no item ${itemId}`);
  const mail = mailExtra(item.extra);
  const offer = mail?.unsubscribe;
  if (!mail || !offer) {
    throw invalid(
      `unsubscribe: item ${itemId} has no List-Unsubscribe header; use the link inside the message`,
      'error.unsubscribe.none',
    );
  }
  const sender = mail.from?.address ?? item.author ?? 'unknown';
  // The https link when there is one (RFC 8058 wants https; a plain http one is a fallback).
  const link = offer.web.find((u) => u.startsWith('https:')) ?? offer.web[0];
  const mailto = offer.mailto[0];
  let attempt: Attempt;
  if (options.prefer === 'mailto' && mailto) {
    const mailer = options.mailer === undefined ? smtpUrlMailer(app) : options.mailer;
    if (!mailer) {
      throw new CheckpointError(
        'no_mailer',
        'unsubscribe: sending mail needs CHECKPOINT_SMTP_URL',
        { localised: { key: 'error.unsubscribe.noMailer' } },
      );
    }
    attempt = await sendMailto(mailto, mail.to ?? sender, mailer);
  } else if (offer.oneClick && link) {
    attempt = await oneClick(app, link);
  } else {
    const target = link ?? mailto ?? '';
    attempt = {
      method: link ? 'https' : 'mailto',
      status: 'offered',
      target,
      httpStatus: null,
      detail: link
        ? 'unsubscribe: the sender offers no one-click unsubscribe; open this link'
        : 'unsubscribe: the sender takes unsubscribe requests by mail; send one to this address',
    };
  }
  const row = await insertUnsubscribe(app.db.kysely, {
    user_id: userId,
    source_id: item.source_id,
    item_id: item.id,
    sender,
    method: attempt.method,
    target: attempt.target,
    status: attempt.status,
    http_status: attempt.httpStatus,
    detail: attempt.detail,
    created_at: app.clock.now().getTime(),
  });
  return toUnsubscribeView(row);
}

export async function listUnsubscribeViews(app: App, userId: number): Promise<UnsubscribeView[]> {
  return (await listUnsubscribes(app.db.kysely, userId)).map(toUnsubscribeView);
}
