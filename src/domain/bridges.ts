/**
 * Feeds for platforms that offer none: the route of an RSSHub or RSS-Bridge instance that
 * renders an account as a feed, or the platform's own RSS where it has one (Mastodon,
 * Bluesky). Pure URL building; subscribing is the feed source's job. Route patterns are
 * listed in docs/social.md.
 */
import { ValidationError } from './errors.ts';

export const BRIDGE_PLATFORMS = [
  'x',
  'instagram',
  'threads',
  'facebook',
  'linkedin',
  'mastodon',
  'bluesky',
] as const;

export type BridgePlatform = (typeof BRIDGE_PLATFORMS)[number];

export const BRIDGE_KINDS = ['rsshub', 'rss-bridge'] as const;
export type BridgeKind = (typeof BRIDGE_KINDS)[number];

/** The user's bridge instance (users.settings → bridge). */
export interface BridgeSetting {
  kind: BridgeKind;
  /** Base URL, e.g. `https://rsshub.example.org` (an access `?key=` may be part of it). */
  url: string;
}

export const PLATFORM_NAMES: Record<BridgePlatform, string> = {
  x: 'X',
  instagram: 'Instagram',
  threads: 'Threads',
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
};

/** Hosts whose profile URLs are accepted in place of an account name. */
const PROFILE_HOSTS: Partial<Record<BridgePlatform, RegExp>> = {
  x: /^(?:www\.|mobile\.)?(?:x|twitter)\.com$/i,
  instagram: /^(?:www\.)?instagram\.com$/i,
  threads: /^(?:www\.)?threads\.(?:net|com)$/i,
  facebook: /^(?:www\.|m\.)?facebook\.com$/i,
  linkedin: /^(?:www\.)?linkedin\.com$/i,
  bluesky: /^bsky\.app$/i,
};

const ACCOUNT = /^[\p{L}\p{N}._-]{1,100}$/u;

/** `key` says the same as `why` in the web UI's catalogs (`error.bridge.…`). */
function fail(
  platform: BridgePlatform,
  account: string,
  why: string,
  key: string,
  params: Record<string, string> = {},
): never {
  throw new ValidationError(
    `bridge: "${account}" is not a ${PLATFORM_NAMES[platform]} account: ${why}`,
    [],
    { localised: { key, params: { account, platform: PLATFORM_NAMES[platform], ...params } } },
  );
}

/**
 * The account name from what people paste: `@name`, `name`, or a profile URL
 * (`https://www.linkedin.com/company/acme/` → `acme`, `https://bsky.app/profile/a.bsky.social`
 * → `a.bsky.social`).
 *
 * @example accountName('instagram', 'https://www.instagram.com/nasa/') // 'nasa'
 */
export function accountName(platform: BridgePlatform, input: string): string {
  const value = input.trim();
  let name = value;
  if (/^https?:\/\//i.test(value)) {
    const url = new URL(value);
    const hosts = PROFILE_HOSTS[platform];
    if (!hosts?.test(url.hostname))
      fail(platform, value, `${url.hostname} is not its site`, 'error.bridge.host', {
        host: url.hostname,
      });
    const parts = url.pathname.split('/').filter(Boolean);
    if (platform === 'linkedin') name = parts[0] === 'company' ? (parts[1] ?? '') : '';
    else if (platform === 'bluesky') name = parts[0] === 'profile' ? (parts[1] ?? '') : '';
    else if (platform === 'facebook' && parts[0] === 'profile.php')
      name = url.searchParams.get('id') ?? '';
    else name = parts[0] ?? '';
  }
  name = decodeURIComponent(name).replace(/^@/, '');
  if (!ACCOUNT.test(name))
    fail(platform, value, 'expected a name like "acme" or a profile URL', 'error.bridge.name');
  return name;
}

/** `@user@instance` or `https://instance/@user` → the profile's native RSS. */
function mastodonFeed(input: string): string {
  const value = input.trim();
  const handle = /^@?([\w.-]+)@([a-z0-9.-]+\.[a-z]{2,}|localhost(?::\d+)?)$/i.exec(value);
  if (handle) return `https://${handle[2]}/@${handle[1]}.rss`;
  if (/^https?:\/\//i.test(value)) {
    const url = new URL(value);
    const user = /^\/@([\w.-]+)\/?$/.exec(url.pathname);
    if (user) return `${url.origin}/@${user[1]}.rss`;
  }
  return fail(
    'mastodon',
    value,
    'expected @user@instance or https://instance/@user',
    'error.bridge.mastodon',
  );
}

/**
 * The native RSS of a public Mastodon or Bluesky profile, or null for platforms without one.
 *
 * @example nativeFeedUrl('bluesky', 'bsky.app') // 'https://bsky.app/profile/bsky.app/rss'
 */
export function nativeFeedUrl(platform: BridgePlatform, account: string): string | null {
  if (platform === 'mastodon') return mastodonFeed(account);
  if (platform === 'bluesky') {
    return `https://bsky.app/profile/${encodeURIComponent(accountName('bluesky', account))}/rss`;
  }
  return null;
}

/** RSSHub route of each platform (docs.rsshub.app, "social-media"). */
const RSSHUB_ROUTES: Partial<Record<BridgePlatform, (name: string) => string>> = {
  x: (n) => `twitter/user/${n}`,
  instagram: (n) => `instagram/user/${n}`,
  threads: (n) => `threads/${n}`,
  facebook: (n) => `facebook/page/${n}`,
  linkedin: (n) => `linkedin/company/${n}/posts`,
};

/** RSS-Bridge bridge and parameters of each platform (its bridges/*Bridge.php). */
const RSS_BRIDGE_PARAMS: Partial<Record<BridgePlatform, (name: string) => Record<string, string>>> =
  {
    x: (u) => ({ bridge: 'TwitterBridge', context: 'By username', u }),
    instagram: (u) => ({ bridge: 'InstagramBridge', context: 'Username', u }),
    threads: (u) => ({ bridge: 'ThreadsBridge', context: 'By username', u }),
    facebook: (u) => ({ bridge: 'FacebookBridge', context: 'User', u }),
    linkedin: (c) => ({ bridge: 'LinkedInCompanyBridge', c }),
  };

/**
 * The feed URL for an account: the platform's own RSS for Mastodon and Bluesky, otherwise
 * the route on the user's bridge. Throws a ValidationError when no bridge is set for a
 * platform that needs one.
 *
 * @example
 * bridgeFeedUrl('x', '@nasa', { kind: 'rsshub', url: 'https://rsshub.example.org' })
 * // 'https://rsshub.example.org/twitter/user/nasa'
 */
export function bridgeFeedUrl(
  platform: BridgePlatform,
  account: string,
  bridge: BridgeSetting | null,
): string {
  const native = nativeFeedUrl(platform, account);
  if (native) return native;
  if (!bridge) {
    throw new ValidationError(
      `bridge: following ${PLATFORM_NAMES[platform]} accounts needs an RSSHub or RSS-Bridge instance; set one with \`checkpoint bridge set <url>\``,
      [],
      { localised: { key: 'error.bridge.needed', params: { platform: PLATFORM_NAMES[platform] } } },
    );
  }
  const name = accountName(platform, account);
  const base = new URL(bridge.url);
  if (bridge.kind === 'rsshub') {
    const route = RSSHUB_ROUTES[platform];
    if (!route) fail(platform, account, 'RSSHub has no route for it', 'error.bridge.noRoute');
    const path = base.pathname.replace(/\/+$/, '');
    base.pathname = `${path}/${route(encodeURIComponent(name))}`;
    return base.toString();
  }
  const params = RSS_BRIDGE_PARAMS[platform]?.(name);
  if (!params) fail(platform, account, 'RSS-Bridge has no bridge for it', 'error.bridge.noRoute');
  base.searchParams.set('action', 'display');
  for (const [key, value] of Object.entries(params)) base.searchParams.set(key, value);
  base.searchParams.set('format', 'Atom');
  return base.toString();
}

/**
 * Validates a bridge base URL; the kind is taken from the URL when not given (an address
 * that mentions "rss-bridge"/"rssbridge" is RSS-Bridge, anything else RSSHub).
 *
 * @example parseBridgeSetting('https://rss-bridge.example.org/') // { kind: 'rss-bridge', … }
 */
export function parseBridgeSetting(input: string, kind?: BridgeKind | null): BridgeSetting {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new ValidationError(`bridge: "${input}" is not a URL`, [], {
      localised: { key: 'error.source.url', params: { url: input } },
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError(`bridge: only http(s) URLs can be used (got ${url.protocol})`, [], {
      localised: { key: 'error.bridge.scheme', params: { scheme: url.protocol } },
    });
  }
  url.hash = '';
  const guessed: BridgeKind = /rss-?bridge/i.test(url.href) ? 'rss-bridge' : 'rsshub';
  return { kind: kind ?? guessed, url: url.toString() };
}
