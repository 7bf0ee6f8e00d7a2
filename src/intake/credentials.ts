/**
 * Where each pushed shape carries its credential, and the intake token format.
 *
 * Tokens are 30 letters and digits starting with `cpi`: that is the format Pushover clients
 * check for application tokens and user keys (`[A-Za-z0-9]{30}`), and Gotify and ntfy clients
 * accept it too, so one token works in every sender.
 */
import { randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'cpi';
export const TOKEN_LENGTH = 30;
const TOKEN = /^cpi[A-Za-z0-9]{27}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A new intake token: `cpi` + 27 base62 characters (≈ 160 bits).
 *
 * @example newIntakeToken() // 'cpiV3q…' (30 characters)
 */
export function newIntakeToken(): string {
  let out = TOKEN_PREFIX;
  while (out.length < TOKEN_LENGTH) {
    for (const byte of randomBytes(32)) {
      // 248 = 4 × 62: rejecting larger bytes keeps every character equally likely.
      if (byte < 248 && out.length < TOKEN_LENGTH) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** Whether a string has the shape of an intake token (before any lookup). */
export function looksLikeIntakeToken(value: string): boolean {
  return TOKEN.test(value);
}

/** What a request offers as credentials. */
export interface CredentialPlaces {
  authorization?: string | undefined;
  /** ntfy's `?auth=`: the Authorization header value, base64-encoded. */
  authParam?: string | undefined;
  /** Gotify's `X-Gotify-Key` header. */
  gotifyKey?: string | undefined;
  /** `?token=` (Gotify, webhooks). */
  tokenParam?: string | undefined;
  /** Body fields (Pushover `token` and `user`). */
  bodyFields?: (string | null | undefined)[];
}

function fromAuthorization(header: string): string[] {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer?.[1]) return [bearer[1]];
  const basic = /^Basic\s+(\S+)\s*$/i.exec(header);
  if (!basic?.[1]) return [];
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return [decoded];
  // ntfy and Apprise put a token in either half (`:token` or `token:` or `user:token`).
  return [decoded.slice(colon + 1), decoded.slice(0, colon)];
}

function fromAuthParam(value: string): string[] {
  const decoded = Buffer.from(value, 'base64url').toString('utf8');
  if (/^(Bearer|Basic)\s/i.test(decoded)) return fromAuthorization(decoded);
  return [value];
}

/**
 * Every intake-token-shaped credential of a request, in the order they are tried.
 *
 * @example tokenCandidates({ authorization: 'Bearer cpi…' }) // ['cpi…']
 */
export function tokenCandidates(places: CredentialPlaces): string[] {
  const all: string[] = [];
  if (places.authorization) all.push(...fromAuthorization(places.authorization));
  if (places.authParam) all.push(...fromAuthParam(places.authParam));
  if (places.gotifyKey) all.push(places.gotifyKey.trim());
  if (places.tokenParam) all.push(places.tokenParam.trim());
  for (const field of places.bodyFields ?? []) if (field) all.push(field.trim());
  return [...new Set(all.filter(looksLikeIntakeToken))];
}

/** Whether the request offered any credential at all (for the 401 message). */
export function offeredCredentials(places: CredentialPlaces): boolean {
  return Boolean(
    places.authorization ||
      places.authParam ||
      places.gotifyKey ||
      places.tokenParam ||
      places.bodyFields?.some(Boolean),
  );
}
