/**
 * The sources the Social & phone page lists: connected accounts, app pushes received by intake,
 * and accounts followed through a bridge. Which kind goes where is read from the registry.
 */
import { findSource, listSources } from '../../db/repos/sources.ts';
import type { SourceKind } from '../../domain/types.ts';
import { pushConfigSchema } from '../../sources/push/spec.ts';
import { sourceKind } from '../../sources/registry.ts';
import type { App } from '../app.ts';
import { sourcePlatformOf } from '../sources/source-config.ts';
import { type SourceView, toSourceView } from '../sources/sources.ts';

/** A source with the platform it follows an account on (null for none). */
export interface SocialSourceView {
  source: SourceView;
  platform: string | null;
}

/** The page's three lists, each in the sources list's order. */
export interface SocialSources {
  accounts: SocialSourceView[];
  pushes: SocialSourceView[];
  followed: SocialSourceView[];
}

/** The social accounts Checkpoint connects to (services/social/mastodon.ts, bluesky.ts). */
const ACCOUNT_KINDS: ReadonlySet<string> = new Set<SourceKind>(['mastodon', 'bluesky']);

/** Kinds pushed in through intake: the pushed kinds whose config is the intake's. */
function isIntakeKind(kind: string): boolean {
  const spec = sourceKind(kind);
  return spec?.describe.pushed === true && spec.config === pushConfigSchema;
}

/**
 * The user's sources grouped for the Social & phone page.
 *
 * @example const { accounts, pushes, followed } = await listSocialSources(app, user.id);
 */
export async function listSocialSources(app: App, userId: number): Promise<SocialSources> {
  const groups: SocialSources = { accounts: [], pushes: [], followed: [] };
  for (const row of await listSources(app.db.kysely, userId)) {
    const platform = sourcePlatformOf(row);
    const view = { source: toSourceView(row), platform };
    if (ACCOUNT_KINDS.has(row.kind)) groups.accounts.push(view);
    else if (isIntakeKind(row.kind)) groups.pushes.push(view);
    else if (row.kind === 'feed' && platform !== null) groups.followed.push(view);
  }
  return groups;
}

/**
 * One of the user's sources, or null when there is none with that id (a stale callback link).
 *
 * @example (await findSourceView(app, user.id, 7))?.name // 'alice@mastodon.social'
 */
export async function findSourceView(
  app: App,
  userId: number,
  id: number,
): Promise<SourceView | null> {
  const row = await findSource(app.db.kysely, userId, id);
  return row ? toSourceView(row) : null;
}
