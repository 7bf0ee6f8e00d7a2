import type { SourceRow } from '../../db/schema.ts';
import { decryptSecret } from '../../lib/crypto.ts';
import { MastodonError } from '../../sources/mastodon/parse.ts';
import { type MastodonState, pullMastodonAccount } from '../../sources/mastodon/pull.ts';
import type { App } from '../app.ts';
import type { Puller } from '../sources/pullers.ts';

/** What a Mastodon source keeps in its `config` (the token encrypted). */
export interface MastodonConfig {
  instance: string;
  accountId: string;
  acct: string;
  /** encryptSecret(access token). */
  token: string;
}

/** The config of a Mastodon source; a clear error when it is damaged. */
export function mastodonConfig(source: SourceRow): MastodonConfig {
  const config = JSON.parse(source.config) as Partial<MastodonConfig>;
  if (!config.instance || !config.accountId || !config.token) {
    throw new MastodonError(`mastodon: source ${source.id} has no account; connect it again`);
  }
  return config as MastodonConfig;
}

/**
 * The puller of Mastodon sources: home timeline and notifications since the stored cursors,
 * through the safe fetcher; a rate limit answers retry_later.
 */
export const pullMastodon: Puller = async (app: App, source, state) => {
  const config = mastodonConfig(source);
  const token = decryptSecret(config.token, app.config.secret);
  const result = await pullMastodonAccount(
    app.fetcher,
    { instance: config.instance, token, accountId: config.accountId },
    state as MastodonState,
    app.clock.now().getTime(),
  );
  if (result.status === 'retry_later') return result;
  return { status: 'items', drafts: result.drafts, state: { ...result.state } };
};
