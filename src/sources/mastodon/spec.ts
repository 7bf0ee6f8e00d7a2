/**
 * The mastodon kind: a connected account's home timeline and notifications, polled with the
 * access token the user granted (stored encrypted).
 */
import { z } from 'zod';
import { decryptSecret } from '../../lib/crypto.ts';
import {
  type PullContext,
  type PullOutcome,
  type PullSource,
  pullOnce,
  type SourceKindSpec,
} from '../kind.ts';
import { MastodonError } from './parse.ts';
import { type MastodonState, pullMastodonAccount } from './pull.ts';

/** What a Mastodon source keeps in its `config` (the token encrypted). */
export const mastodonConfigSchema = z.object({
  instance: z.string().min(1),
  accountId: z.string().min(1),
  acct: z.string().default(''),
  /** encryptSecret(access token). */
  token: z.string().min(1),
});
export type MastodonConfig = z.infer<typeof mastodonConfigSchema>;

/** The cursors of the two streams and a rate-limit hold. */
export const mastodonStateSchema = z.looseObject({
  home: z.string().nullable().optional(),
  notifications: z.string().nullable().optional(),
  holdUntil: z.number().nullable().optional(),
});

async function pullMastodon(
  source: PullSource<MastodonConfig, MastodonState>,
  context: PullContext,
): Promise<PullOutcome<MastodonState>> {
  const { config } = source;
  const result = await pullMastodonAccount(
    context.fetcher,
    {
      instance: config.instance,
      token: decryptSecret(config.token, context.secret),
      accountId: config.accountId,
    },
    source.state,
    context.now(),
  );
  if (result.status === 'retry_later') return result;
  return { status: 'items', drafts: result.drafts, state: { ...result.state } };
}

/** The mastodon kind's spec: notifications would have pushed, timeline posts not. */
export const mastodonKind: SourceKindSpec<MastodonConfig, MastodonState> = {
  name: 'mastodon',
  config: mastodonConfigSchema,
  state: mastodonStateSchema,
  emptyState: {},
  brokenConfig: (id) =>
    new MastodonError(`mastodon: source ${id} has no account; connect it again`),
  pull: (source, context) => pullOnce(() => pullMastodon(source, context)),
  wouldPush: 'notifications',
  describe: {
    labelKey: 'source.kind.mastodon',
    label: 'Mastodon',
    icon: 'mastodon',
    addable: false,
    pushed: false,
  },
  sharing: 'per-user',
  apiConfig: mastodonConfigSchema.pick({ instance: true, accountId: true, acct: true }),
};
