import {
  findFeedTokenEnc,
  findUserByFeedTokenHash,
  type StoredFeedToken,
  storeFeedToken,
} from '../../db/repos/feed-tokens.ts';
import type { UserRow } from '../../db/schema.ts';
import { CheckpointError } from '../../domain/errors.ts';
import {
  decryptSecret,
  encryptSecret,
  randomToken,
  safeEqual,
  sha256Hex,
} from '../../lib/crypto.ts';
import type { App } from '../app.ts';

/** The private Atom feed of a user's checkpoints, as `feed-url --json` and the API show it. */
export interface FeedTokenView {
  url: string;
}

const PREFIX = 'cpf';
/** `cpf_` + 32 random bytes in base64url: the only shape a feed token can have. */
const TOKEN_SHAPE = /^cpf_[A-Za-z0-9_-]{43}$/;

/**
 * The URL of the private feed for a token: `${baseUrl}/feeds/checkpoints/<token>.atom`.
 *
 * @example feedUrl('https://cp.example.org', 'cpf_x…') // 'https://cp.example.org/feeds/checkpoints/cpf_x….atom'
 */
export function feedUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/feeds/checkpoints/${token}.atom`;
}

function view(app: App, token: string): FeedTokenView {
  return { url: feedUrl(app.config.baseUrl, token) };
}

/**
 * The user's private feed URL, made on first use. The token is stored twice: its SHA-256
 * (the lookup key, so a database leak does not open the feed) and encrypted with
 * CHECKPOINT_SECRET (so the URL can be shown again).
 *
 * @example const { url } = await getFeedToken(app, user.id);
 */
export async function getFeedToken(app: App, userId: number): Promise<FeedTokenView> {
  let tokenEnc = await findFeedTokenEnc(app.db.kysely, userId);
  if (tokenEnc === undefined) {
    const token = randomToken(PREFIX);
    // Two first uses at once: one insert wins, both show its token.
    await storeFeedToken(app.db.kysely, userId, stored(app, token), app.clock.now().getTime(), {
      replace: false,
    });
    tokenEnc = await findFeedTokenEnc(app.db.kysely, userId);
  }
  if (tokenEnc === undefined)
    throw new CheckpointError('internal', 'feed-token: the token could not be stored');
  let token: string;
  try {
    token = decryptSecret(tokenEnc, app.config.secret);
  } catch (error) {
    throw new CheckpointError(
      'conflict',
      'feed-token: the stored token cannot be decrypted (was CHECKPOINT_SECRET changed?); make a new URL with `checkpoint feed-url --rotate`',
      { cause: error },
    );
  }
  return view(app, token);
}

/**
 * Replaces the user's token: the old URL stops working at once (404), the new one is returned.
 *
 * @example const { url } = await rotateFeedToken(app, user.id);
 */
export async function rotateFeedToken(app: App, userId: number): Promise<FeedTokenView> {
  const token = randomToken(PREFIX);
  await storeFeedToken(app.db.kysely, userId, stored(app, token), app.clock.now().getTime(), {
    replace: true,
  });
  return view(app, token);
}

/**
 * The user a feed token belongs to, or null for any other string. The lookup is by SHA-256 of
 * the token, so how long it takes says nothing about the token itself; the stored hash is
 * compared once more in constant time.
 */
export async function userByFeedToken(app: App, token: string): Promise<UserRow | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const hash = sha256Hex(token);
  const row = await findUserByFeedTokenHash(app.db.kysely, hash);
  if (!row || !safeEqual(row.token_hash, hash)) return null;
  const { token_hash: _hash, ...user } = row;
  return user;
}

function stored(app: App, token: string): StoredFeedToken {
  return { token_hash: sha256Hex(token), token_enc: encryptSecret(token, app.config.secret) };
}
