/**
 * Bluesky timeline posts and notifications → ItemDraft. Pure. Reposts are shown as such,
 * replies to the user and posts mentioning the user are addressed to the user; likes, reposts
 * and follows are notifications.
 */
import { ValidationError } from '../../domain/errors.ts';
import type { ItemDraft, ItemKind } from '../../domain/types.ts';
import { escapeHtml } from '../../lib/escape-html.ts';
import { postUrl, profileLabel, renderEmbed } from './embeds.ts';
import { richTextHtml } from './richtext.ts';
import type {
  BskyFacet,
  BskyFeedViewPost,
  BskyNotification,
  BskyPostRecord,
  BskyProfile,
} from './types.ts';

/**
 * A Bluesky answer or session we cannot use: the instance or service refused or sent
 * something else (HTTP 400 through the API; the message says what). The web UI shows it as
 * `error.bluesky.failed` with the message as the reason.
 */
export class BlueskyError extends ValidationError {
  constructor(message: string, issues: string[] = [], options: { cause?: unknown } = {}) {
    super(message, issues, {
      ...options,
      localised: {
        key: 'error.bluesky.failed',
        params: { reason: message.replace(/^bluesky: /, '') },
      },
    });
  }
}

function date(value: string | null | undefined): Date | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

function mentionsDid(facets: readonly BskyFacet[] | null | undefined, did: string): boolean {
  return (facets ?? []).some((f) =>
    (f.features ?? []).some((x) => x.$type?.endsWith('#mention') && x.did === did),
  );
}

function profileLink(profile: BskyProfile | null | undefined): string {
  const label = escapeHtml(profileLabel(profile) ?? 'someone');
  return profile
    ? `<a href="https://bsky.app/profile/${escapeHtml(profile.handle ?? profile.did)}">${label}</a>`
    : label;
}

function postHtml(record: BskyPostRecord | null | undefined): string {
  const text = record?.text ?? '';
  return text ? `<p>${richTextHtml(text, record?.facets)}</p>` : '';
}

/** When a timeline entry entered the timeline (its sort key): the repost's time for reposts. */
export function feedSortAt(entry: BskyFeedViewPost): string | null {
  return entry.reason?.indexedAt ?? entry.post.indexedAt ?? entry.post.record?.createdAt ?? null;
}

function feedKind(entry: BskyFeedViewPost, me: string): ItemKind {
  if (entry.reason) return 'post';
  if (entry.post.author.did === me) return 'post';
  if (entry.reply?.parent?.author?.did === me) return 'reply';
  if (mentionsDid(entry.post.record?.facets, me)) return 'mention';
  return 'post';
}

/**
 * One getTimeline entry (FeedViewPost). A reply to the user or a mention of the user keeps
 * its kind for ranking but, being from the timeline, is no push: its notification is.
 *
 * @example feedViewPostToDraft(entry, 'did:plc:me').externalId // 'post:at://…' or 'repost:did:…:at://…'
 */
export function feedViewPostToDraft(entry: BskyFeedViewPost, me: string): ItemDraft {
  const { post, reason } = entry;
  const by = reason?.$type?.endsWith('reasonRepost') ? (reason.by ?? null) : null;
  const embed = renderEmbed(post.embed);
  const parent = entry.reply?.parent;
  const replyLine = parent?.author ? `<p>↩ Replying to ${profileLink(parent.author)}</p>` : '';
  const body = `${replyLine}${postHtml(post.record)}${embed.html}`;
  const url = postUrl(post.uri, post.author);
  return {
    externalId: by ? `repost:${by.did}:${post.uri}` : `post:${post.uri}`,
    kind: feedKind(entry, me),
    origin: 'timeline',
    url,
    title: by ? `🔁 ${profileLabel(by)} reposted` : null,
    author: profileLabel(post.author),
    contentHtml: by
      ? `<p>🔁 ${profileLink(by)} reposted ${profileLink(post.author)}:</p><blockquote>${body}</blockquote>`
      : body,
    summary: null,
    publishedAt: date(by ? reason?.indexedAt : (post.record?.createdAt ?? post.indexedAt)),
    baseUrl: url,
    attachments: embed.attachments,
    extra: {
      bluesky: {
        uri: post.uri,
        ...(by ? { repostedBy: by.handle ?? by.did } : {}),
        ...(parent?.uri ? { replyTo: parent.uri } : {}),
      },
    },
  };
}

const VERBS: Record<string, string> = {
  like: 'liked your post',
  repost: 'reposted your post',
  follow: 'followed you',
  mention: 'mentioned you',
  reply: 'replied to your post',
  quote: 'quoted your post',
  'starterpack-joined': 'joined through your starter pack',
  'like-via-repost': 'liked your repost',
  'repost-via-repost': 'reposted your repost',
  'subscribed-post': 'posted',
};

function notificationKind(reason: string): ItemKind {
  if (reason === 'reply') return 'reply';
  if (reason === 'mention' || reason === 'quote') return 'mention';
  return 'notification';
}

/**
 * One listNotifications entry. Mentions, replies and quotes carry the post's text; likes and
 * reposts link to the user's post they are about.
 *
 * @example notificationToDraft(n).title // 'Kuba Suder 🍁 liked your post'
 */
export function notificationToDraft(n: BskyNotification): ItemDraft {
  const who = n.author.displayName?.trim() || n.author.handle || n.author.did;
  const verb = VERBS[n.reason] ?? n.reason.replaceAll('-', ' ');
  const isPost =
    n.reason === 'mention' ||
    n.reason === 'reply' ||
    n.reason === 'quote' ||
    n.reason === 'subscribed-post';
  const url = isPost
    ? postUrl(n.uri, n.author)
    : n.reasonSubject
      ? postUrl(n.reasonSubject)
      : `https://bsky.app/profile/${n.author.handle ?? n.author.did}`;
  const about =
    !isPost && n.reasonSubject && url ? `<p><a href="${escapeHtml(url)}">Your post</a></p>` : '';
  return {
    externalId: `notification:${n.uri}:${n.reason}`,
    kind: notificationKind(n.reason),
    origin: 'notification',
    url,
    title: `${who} ${verb}`,
    author: profileLabel(n.author),
    contentHtml: `<p>${profileLink(n.author)} ${escapeHtml(verb)}</p>${isPost ? postHtml(n.record) : about}`,
    summary: null,
    publishedAt: date(n.indexedAt ?? n.record?.createdAt),
    baseUrl: url,
    extra: {
      bluesky: {
        notification: n.reason,
        uri: n.uri,
        ...(n.reasonSubject ? { subject: n.reasonSubject } : {}),
      },
    },
  };
}

/** Checks the list a query answered (`feed` or `notifications`), naming what is wrong. */
export function listOf<T>(
  json: unknown,
  key: 'feed' | 'notifications',
  what: string,
): { items: T[]; cursor: string | null } {
  const body = json as Record<string, unknown> | null;
  const items = body?.[key];
  if (!Array.isArray(items)) throw new BlueskyError(`bluesky: ${what} answered no "${key}" array`);
  items.forEach((item, i) => {
    const ok =
      key === 'feed' ? (item as BskyFeedViewPost)?.post?.uri : (item as BskyNotification)?.uri;
    if (typeof ok !== 'string') throw new BlueskyError(`bluesky: ${what} ${key}[${i}] has no uri`);
  });
  return { items: items as T[], cursor: typeof body?.cursor === 'string' ? body.cursor : null };
}
