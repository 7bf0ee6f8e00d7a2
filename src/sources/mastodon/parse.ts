/**
 * Mastodon statuses and notifications → ItemDraft. Pure: the JSON of the home timeline
 * (`GET /api/v1/timelines/home`) and of notifications (`GET /api/v1/notifications`) in, drafts
 * out. Mentions and direct replies are addressed to the user (kind 'mention' / 'reply');
 * follows, boosts, favourites… are notifications; timeline posts are posts.
 */
import { type Localised, ValidationError } from '../../domain/errors.ts';
import type { ItemDraft, ItemKind } from '../../domain/types.ts';
import {
  aboutStatusHtml,
  accountHtml,
  accountLabel,
  mediaAttachments,
  statusHtml,
} from './render.ts';
import type { MastoAccount, MastoNotification, MastoStatus } from './types.ts';

/**
 * A Mastodon answer or session we cannot use: the instance or service refused or sent
 * something else (HTTP 400 through the API; the message says what). The web UI shows it as
 * `error.mastodon.failed` with the message as the reason, or a more precise key when given.
 */
export class MastodonError extends ValidationError {
  constructor(
    message: string,
    issues: string[] = [],
    options: { cause?: unknown; localised?: Localised } = {},
  ) {
    super(message, issues, {
      ...options,
      localised: options.localised ?? {
        key: 'error.mastodon.failed',
        params: { reason: message.replace(/^mastodon: /, '') },
      },
    });
  }
}

/** Checks that a JSON answer is an array of objects with string ids. */
export function parseEntities<T extends { id: string }>(json: unknown, what: string): T[] {
  if (!Array.isArray(json)) throw new MastodonError(`mastodon: ${what} is not a JSON array`);
  json.forEach((entry, i) => {
    if (!entry || typeof entry !== 'object' || typeof (entry as { id?: unknown }).id !== 'string') {
      throw new MastodonError(`mastodon: ${what}[${i}] has no string "id"`);
    }
  });
  return json as T[];
}

/**
 * Orders Mastodon ids: they are numeric strings (snowflakes) on Mastodon and sortable strings
 * elsewhere, so longer is newer, then lexical order.
 */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The newest id of a page, or `current` when the page is empty or older. */
export function newestId(ids: readonly string[], current: string | null): string | null {
  let best = current;
  for (const id of ids) if (best === null || compareIds(id, best) > 0) best = id;
  return best;
}

function date(value: string | null | undefined): Date | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

function mentions(status: MastoStatus, meId: string): boolean {
  return (status.mentions ?? []).some((m) => m.id === meId);
}

/** Whether a status is a reply to the user (by someone else). */
function repliesTo(status: MastoStatus, meId: string): boolean {
  return status.in_reply_to_account_id === meId && status.account?.id !== meId;
}

function statusKind(status: MastoStatus, meId: string): ItemKind {
  const shown = status.reblog ?? status;
  if (status.reblog) return 'post';
  if (repliesTo(shown, meId)) return 'reply';
  if (mentions(shown, meId) && shown.account?.id !== meId) return 'mention';
  return 'post';
}

function cwTitle(status: MastoStatus): string | null {
  const cw = status.spoiler_text?.trim();
  return cw ? `CW: ${cw}` : null;
}

/**
 * One home-timeline status. A boost is shown as such (who boosted, then the original) and
 * links to the original; a content warning becomes the title and hides the body. A reply to
 * the user keeps kind `reply` for ranking but, being from the timeline, is no push: its
 * notification is the push.
 *
 * @example statusToDraft(status, { id: '14715' }).kind // 'post' | 'mention' | 'reply'
 */
export function statusToDraft(status: MastoStatus, me: { id: string }): ItemDraft {
  const shown = status.reblog ?? status;
  const booster = status.reblog ? accountLabel(status.account) : null;
  return {
    externalId: `status:${status.id}`,
    kind: statusKind(status, me.id),
    origin: 'timeline',
    url: shown.url ?? shown.uri ?? null,
    title: cwTitle(shown) ?? (booster ? `🔁 ${booster} boosted` : null),
    author: accountLabel(shown.account),
    contentHtml: statusHtml(status),
    summary: null,
    publishedAt: date(status.created_at),
    baseUrl: shown.url ?? null,
    attachments: mediaAttachments(shown.media_attachments),
    extra: {
      mastodon: {
        id: status.id,
        visibility: shown.visibility ?? null,
        ...(booster ? { boostedBy: booster, originalId: shown.id } : {}),
        ...(shown.spoiler_text ? { contentWarning: shown.spoiler_text } : {}),
      },
    },
  };
}

const VERBS: Record<string, string> = {
  reblog: 'boosted your post',
  favourite: 'favourited your post',
  poll: 'A poll you voted in or created has ended',
  update: 'edited a post you interacted with',
  status: 'posted',
  follow: 'followed you',
  follow_request: 'asked to follow you',
  'admin.sign_up': 'signed up',
  'admin.report': 'filed a report',
};

function notificationKind(n: MastoNotification, meId: string): ItemKind {
  if (n.type === 'mention' || n.type === 'quote') {
    return n.status && repliesTo(n.status, meId) ? 'reply' : 'mention';
  }
  return 'notification';
}

function notificationTitle(n: MastoNotification, who: string): string {
  if (n.type === 'mention') {
    const cw = n.status ? cwTitle(n.status) : null;
    return cw ? `${who} mentioned you — ${cw}` : `${who} mentioned you`;
  }
  if (n.type === 'quote') return `${who} quoted your post`;
  if (n.type === 'poll') return VERBS.poll!;
  return `${who} ${VERBS[n.type] ?? n.type.replaceAll('_', ' ')}`;
}

function notificationHtml(n: MastoNotification, account: MastoAccount | null | undefined): string {
  if ((n.type === 'mention' || n.type === 'quote' || n.type === 'status') && n.status) {
    return statusHtml(n.status);
  }
  if (!n.status) return accountHtml(account, VERBS[n.type] ?? n.type);
  return aboutStatusHtml(account, VERBS[n.type] ?? n.type, n.status);
}

/**
 * One notification: mentions (replies to the user as 'reply'), follows, boosts,
 * favourites, polls, edits. The user's own statuses are quoted where the notification is
 * about one.
 *
 * @example notificationToDraft(n, { id: '14715' }).title // 'haskal boosted your post'
 */
export function notificationToDraft(n: MastoNotification, me: { id: string }): ItemDraft {
  const account = n.account ?? n.status?.account ?? null;
  const who = account?.display_name?.trim() || account?.acct || account?.username || 'Someone';
  const url = n.status?.url ?? n.status?.uri ?? account?.url ?? null;
  return {
    externalId: `notification:${n.id}`,
    kind: notificationKind(n, me.id),
    origin: 'notification',
    url,
    title: notificationTitle(n, who),
    author: accountLabel(account),
    contentHtml: notificationHtml(n, account),
    summary: null,
    publishedAt: date(n.created_at),
    baseUrl: url,
    attachments: n.type === 'mention' ? mediaAttachments(n.status?.media_attachments) : [],
    extra: {
      mastodon: { notification: n.type, id: n.id, ...(n.status ? { statusId: n.status.id } : {}) },
    },
  };
}
