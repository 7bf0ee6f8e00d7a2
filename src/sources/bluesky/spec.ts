/**
 * The bluesky kind: a connected account's timeline and notifications, polled with its session
 * (renewed with the refresh token, or the app password, when it expires).
 */
import { z } from 'zod';
import { decryptSecret, encryptSecret } from '../../lib/crypto.ts';
import {
  type PullContext,
  type PullOutcome,
  type PullSource,
  pullOnce,
  type SourceKindSpec,
} from '../kind.ts';
import { BlueskyError } from './parse.ts';
import { type BlueskyState, pullBlueskyAccount } from './pull.ts';
import type { BskySession } from './types.ts';

/** What a Bluesky source keeps in its `config`; secrets are encrypted (lib/crypto). */
export const blueskyConfigSchema = z.object({
  service: z.string().min(1),
  identifier: z.string().default(''),
  did: z.string().min(1),
  handle: z.string().default(''),
  pds: z.string().nullable().default(null),
  password: z.string().nullable().default(null),
  accessJwt: z.string().min(1),
  refreshJwt: z.string().min(1),
});
export type BlueskyConfig = z.infer<typeof blueskyConfigSchema>;

/** The watermarks of the two streams and a rate-limit hold. */
export const blueskyStateSchema = z.looseObject({
  timelineSeen: z.string().nullable().optional(),
  notificationsSeen: z.string().nullable().optional(),
  holdUntil: z.number().nullable().optional(),
});

/**
 * The stored config with a (new) session, secrets encrypted.
 *
 * @example const config = sealBlueskyConfig(secret, { service, identifier, password }, session);
 */
export function sealBlueskyConfig(
  secret: string,
  base: { service: string; identifier: string; password: string | null },
  session: BskySession,
): BlueskyConfig {
  const seal = (value: string) => encryptSecret(value, secret);
  return {
    service: base.service,
    identifier: base.identifier,
    did: session.did,
    handle: session.handle,
    pds: session.pds,
    password: base.password === null ? null : seal(base.password),
    accessJwt: seal(session.accessJwt),
    refreshJwt: seal(session.refreshJwt),
  };
}

async function pullBluesky(
  source: PullSource<BlueskyConfig, BlueskyState>,
  context: PullContext,
): Promise<PullOutcome<BlueskyState>> {
  const { config } = source;
  const open = (value: string) => decryptSecret(value, context.secret);
  const password = config.password ? open(config.password) : null;
  const base = { service: config.service, identifier: config.identifier, password };
  const result = await pullBlueskyAccount(
    context.fetcher,
    {
      ...base,
      session: {
        did: config.did,
        handle: config.handle,
        pds: config.pds,
        accessJwt: open(config.accessJwt),
        refreshJwt: open(config.refreshJwt),
      },
      // A renewed session is stored at once: the old refresh token no longer works.
      saveSession: (session) =>
        context.saveConfig(sealBlueskyConfig(context.secret, base, session)),
    },
    source.state,
    context.now(),
  );
  if (result.status === 'retry_later') return result;
  return { status: 'items', drafts: result.drafts, state: { ...result.state } };
}

/** The bluesky kind's spec: notifications would have pushed, timeline posts not. */
export const blueskyKind: SourceKindSpec<BlueskyConfig, BlueskyState> = {
  name: 'bluesky',
  config: blueskyConfigSchema,
  state: blueskyStateSchema,
  emptyState: {},
  brokenConfig: (id) => new BlueskyError(`bluesky: source ${id} has no session; connect it again`),
  pull: (source, context) => pullOnce(() => pullBluesky(source, context)),
  wouldPush: 'notifications',
  describe: {
    labelKey: 'source.kind.bluesky',
    label: 'Bluesky',
    icon: 'bluesky',
    addable: false,
    pushed: false,
  },
  sharing: 'per-user',
  apiConfig: blueskyConfigSchema.pick({ service: true, did: true, handle: true }),
};
