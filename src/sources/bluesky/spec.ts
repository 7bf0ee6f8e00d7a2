/**
 * The bluesky kind: a connected account's timeline and notifications, polled with its session
 * (renewed with the refresh token, or the app password, when it expires).
 */
import { z } from 'zod';
import { decryptSecret, encryptSecret } from '../../lib/crypto.ts';
import { describeKind, polled, type SourceKindSpec } from '../kind.ts';
import { pollOutcome, streamState } from '../social/stream-state.ts';
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

/** The sort time (ISO) of the newest timeline entry and notification seen, and a rate-limit hold. */
export const blueskyStateSchema = streamState('timelineSeen', 'notificationsSeen');

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

/** The bluesky kind's spec: notifications would have pushed, timeline posts not. */
export const blueskyKind: SourceKindSpec<BlueskyConfig, BlueskyState> = {
  name: 'bluesky',
  config: blueskyConfigSchema,
  state: blueskyStateSchema,
  emptyState: {},
  brokenConfig: (id) => new BlueskyError(`bluesky: source ${id} has no session; connect it again`),
  // Timeline and notifications; a renewed session is stored at once, a rate limit answers retry_later.
  pull: polled(async (source, context) => {
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
    return pollOutcome(result);
  }),
  wouldPush: 'notifications',
  describe: describeKind('bluesky', 'Bluesky', 'bluesky'),
  sharing: 'per-user',
  apiConfig: blueskyConfigSchema.pick({ service: true, did: true, handle: true }),
};
