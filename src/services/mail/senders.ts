/**
 * Newsletter senders: the mail items of a user grouped by sender address, with what each
 * offers to unsubscribe, the last SPF/DKIM/DMARC verdict (own addresses) and the last
 * unsubscribe attempt. Derived from the items themselves, so it is never out of date.
 */
import { findItem } from '../../db/repos/items.ts';
import { listNewsletterItems } from '../../db/repos/newsletter-items.ts';
import { findSource } from '../../db/repos/sources.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { MailAuthResults } from '../../intake/smtp/authenticate.ts';
import type { UnsubscribeInfo } from '../../sources/mail/list-unsubscribe.ts';
import type { App } from '../app.ts';
import { readImapConfig, readSmtpConfig } from './mail-config.ts';
import {
  listUnsubscribeViews,
  type MailData,
  mailExtra,
  type UnsubscribeView,
} from './unsubscribe.ts';

export interface SenderView {
  /** Lower-case address (or the author text when a message had no address). */
  sender: string;
  name: string | null;
  sources: { id: number; name: string; kind: string }[];
  count: number;
  lastReceivedAt: string;
  /** The newest item from this sender: `checkpoint unsubscribe <it>` acts on its headers. */
  latestItemId: number;
  latestTitle: string | null;
  unsubscribe: UnsubscribeInfo | null;
  /** SPF/DKIM/DMARC of the newest message that came through an own address. */
  auth: MailAuthResults | null;
  lastUnsubscribe: Pick<UnsubscribeView, 'method' | 'status' | 'target' | 'at'> | null;
}

interface SenderRow {
  id: number;
  title: string | null;
  received_at: number;
}

/** The entry of a sender first seen in `row` (its newest item). */
function newSender(
  sender: string,
  row: SenderRow,
  mail: MailData | null,
  attempt: UnsubscribeView | undefined,
): SenderView {
  return {
    sender,
    name: mail?.from?.name ?? null,
    sources: [],
    count: 0,
    lastReceivedAt: new Date(row.received_at).toISOString(),
    latestItemId: row.id,
    latestTitle: row.title,
    unsubscribe: mail?.unsubscribe ?? null,
    auth: null,
    lastUnsubscribe: attempt
      ? { method: attempt.method, status: attempt.status, target: attempt.target, at: attempt.at }
      : null,
  };
}

/** How many recent mail items are grouped (the page is about current senders). */
const SCAN_LIMIT = 5000;

/**
 * The user's newsletter senders, most recently heard from first.
 *
 * @example (await listSenders(app, user.id))[0] // { sender: 'weekly@news.example.org', count: 3, … }
 */
export async function listSenders(app: App, userId: number): Promise<SenderView[]> {
  const rows = await listNewsletterItems(app.db.kysely, userId, SCAN_LIMIT);
  const lastAttempt = new Map<string, UnsubscribeView>();
  for (const attempt of await listUnsubscribeViews(app, userId)) {
    if (!lastAttempt.has(attempt.sender)) lastAttempt.set(attempt.sender, attempt);
  }
  const senders = new Map<string, SenderView>();
  for (const row of rows) {
    const mail = mailExtra(row.extra);
    const sender = mail?.from?.address ?? row.author?.toLowerCase() ?? 'unknown';
    let entry = senders.get(sender);
    if (!entry) {
      entry = newSender(sender, row, mail, lastAttempt.get(sender));
      senders.set(sender, entry);
    }
    entry.count++;
    entry.unsubscribe ??= mail?.unsubscribe ?? null;
    entry.auth ??= mail?.auth ?? null;
    if (!entry.sources.some((s) => s.id === row.source_id)) {
      entry.sources.push({ id: row.source_id, name: row.source_name, kind: row.source_kind });
    }
  }
  return [...senders.values()];
}

/** What `mail show` and `GET /api/v1/items/:id/mail` return for one mail item. */
export interface MailDetails {
  itemId: number;
  sourceId: number;
  sourceKind: string;
  title: string | null;
  from: { name: string | null; address: string | null } | null;
  to: string | null;
  messageId: string | null;
  listId: string | null;
  reason: string | null;
  unsubscribe: UnsubscribeInfo | null;
  auth: MailAuthResults | null;
  /** How the source wants remote images treated (`block` or `show`). */
  remoteImages: string;
}

/**
 * The mail data of one of the user's items; NotFound when it is not a mail item.
 *
 * @example (await getMailDetails(app, user.id, 7)).auth?.summary // 'spf=pass dkim=pass dmarc=pass'
 */
export async function getMailDetails(
  app: App,
  userId: number,
  itemId: number,
): Promise<MailDetails> {
  const item = await findItem(app.db.kysely, userId, itemId);
  const mail = item ? mailExtra(item.extra) : null;
  if (!item || !mail) throw new NotFoundError(`mail: item ${itemId} is not a mail item`);
  const source = await findSource(app.db.kysely, userId, item.source_id);
  const config =
    source?.kind === 'imap'
      ? readImapConfig(source.config)
      : readSmtpConfig(source?.config ?? '{}');
  return {
    itemId: item.id,
    sourceId: item.source_id,
    sourceKind: item.source_kind,
    title: item.title,
    from: mail.from ?? null,
    to: mail.to ?? null,
    messageId: mail.messageId ?? null,
    listId: mail.listId ?? null,
    reason: mail.reason ?? null,
    unsubscribe: mail.unsubscribe ?? null,
    auth: mail.auth ?? null,
    remoteImages: config.remoteImages,
  };
}
