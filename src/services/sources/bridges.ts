/**
 * Closed platforms through bridges: the user's RSSHub or RSS-Bridge instance (kept in
 * users.settings as `bridge`), and following an account as a feed source labelled with its
 * platform (`config.platform`). Mastodon and Bluesky profiles use their own RSS.
 */
import { transaction } from '../../db/connect.ts';
import { updateSource } from '../../db/repos/sources.ts';
import { findUserById, updateUser } from '../../db/repos/users.ts';
import {
  accountName,
  type BridgeKind,
  type BridgePlatform,
  type BridgeSetting,
  bridgeFeedUrl,
  PLATFORM_NAMES,
  parseBridgeSetting,
} from '../../domain/bridges.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { parseUserSettings } from '../accounts/user-settings.ts';
import type { App } from '../app.ts';
import { getSource, type SourceView, subscribe, toSourceView } from './sources.ts';

/** The user's bridge, or null when none is set. */
export async function getBridge(app: App, userId: number): Promise<BridgeSetting | null> {
  const row = await findUserById(app.db.kysely, userId);
  if (!row) throw new NotFoundError(`user: no user ${userId}`);
  const bridge = parseUserSettings(row.settings).bridge;
  return bridge ? { kind: bridge.kind, url: bridge.url } : null;
}

/**
 * Sets (or with `url` null, removes) the user's bridge; other settings are kept.
 *
 * @example await setBridge(app, user.id, 'https://rsshub.example.org') // { kind: 'rsshub', … }
 */
export async function setBridge(
  app: App,
  userId: number,
  url: string | null,
  kind?: BridgeKind | null,
): Promise<BridgeSetting | null> {
  const bridge = url === null ? null : parseBridgeSetting(url, kind);
  await transaction(app.db, async (trx) => {
    const row = await findUserById(trx, userId);
    if (!row) throw new NotFoundError(`user: no user ${userId}`);
    const settings = parseUserSettings(row.settings);
    if (bridge) settings.bridge = bridge;
    else delete settings.bridge;
    await updateUser(trx, userId, { settings: JSON.stringify(settings) });
  });
  return bridge;
}

export interface FollowResult {
  source: SourceView;
  platform: BridgePlatform;
  feedUrl: string;
  created: boolean;
  itemsAdded: number;
}

/**
 * Follows an account of a platform: builds its feed URL (bridge route or native RSS),
 * subscribes it as a feed, and labels the source with the platform.
 *
 * @example await followAccount(app, user.id, 'instagram', 'nasa')
 */
export async function followAccount(
  app: App,
  userId: number,
  platform: BridgePlatform,
  account: string,
): Promise<FollowResult> {
  const feedUrl = bridgeFeedUrl(platform, account, await getBridge(app, userId));
  const label = platform === 'mastodon' ? account.trim() : `@${accountName(platform, account)}`;
  const result = await subscribe(app, userId, feedUrl, {
    name: `${PLATFORM_NAMES[platform]}: ${label}`,
  });
  if (result.status !== 'subscribed')
    throw new NotFoundError(`bridge: ${feedUrl} offers several feeds, not one`, {
      localised: { key: 'error.bridge.several', params: { url: feedUrl } },
    });
  await updateSource(app.db.kysely, userId, result.source.id, {
    config: JSON.stringify({ platform, account: label }),
  });
  const source = toSourceView(await getSource(app, userId, result.source.id));
  return { source, platform, feedUrl, created: result.created, itemsAdded: result.itemsAdded };
}
