/**
 * Reading pushed requests: body (size-limited by the router), JSON and form fields, the
 * credentials each shape carries, and the sender's idempotency key.
 */
import type { Context } from 'hono';
import { AuthError, ValidationError } from '../../domain/errors.ts';
import {
  type CredentialPlaces,
  offeredCredentials,
  tokenCandidates,
} from '../../intake/credentials.ts';
import type { Fields } from '../../intake/fields.ts';
import type { IntakeIdentity, IntakeService } from '../../services/intake/intake.ts';
import { header, query, queryFields, readBody, readText } from './body.ts';

/** Parses JSON text; a 400 that says what is wrong otherwise. */
export function parseJson(body: string, shape: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new ValidationError(
      `intake: malformed JSON in the ${shape} body: ${(error as Error).message}`,
    );
  }
}

/** A multipart/form-data body; a 400 that says what is wrong when it is malformed. */
async function parseMultipart(bytes: Uint8Array, type: string, shape: string): Promise<FormData> {
  try {
    return await new Response(Buffer.from(bytes), { headers: { 'content-type': type } }).formData();
  } catch (error) {
    throw new ValidationError(
      `intake: malformed multipart/form-data in the ${shape} body (${(error as Error).message})`,
    );
  }
}

/**
 * The fields of a JSON, urlencoded or multipart body, with the query parameters beneath them
 * (Gotify and Pushover clients put some fields in the query).
 */
export async function readFields(c: Context, shape: string): Promise<Fields> {
  const type = header(c, 'content-type') ?? '';
  const params = queryFields(c);
  if (/application\/x-www-form-urlencoded/i.test(type)) {
    return { ...params, ...Object.fromEntries(new URLSearchParams(await readText(c))) };
  }
  if (/multipart\/form-data/i.test(type)) {
    const form = await parseMultipart(await readBody(c), type, shape);
    const fields: Fields = { ...params };
    for (const [key, value] of form) if (typeof value === 'string') fields[key] = value;
    return fields;
  }
  const body = await readText(c);
  if (body.trim() === '') return { ...params };
  const parsed = parseJson(body, shape);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ValidationError(`intake: the ${shape} body must be a JSON object`);
  }
  return { ...params, ...(parsed as Fields) };
}

/**
 * A webhook's form body, or its text when it is not really a form: `curl -d "plain words"` sends
 * plain text as `application/x-www-form-urlencoded`, and a form body with no `=` at all (one key
 * without a value, or words joined by `&`) is that text. It is kept as the bytes were sent —
 * curl does not encode `-d`, so a `+` or `%20` in it is the sender's own character.
 *
 * @example await readFormOrText(c, 'webhook') // 'plain words' for `curl -d "plain words" …`
 */
export async function readFormOrText(c: Context, shape: string): Promise<Fields | string> {
  const type = header(c, 'content-type') ?? '';
  if (!/application\/x-www-form-urlencoded/i.test(type)) return await readFields(c, shape);
  const text = await readText(c);
  if (text.trim() !== '' && !text.includes('=')) return text;
  return { ...queryFields(c), ...Object.fromEntries(new URLSearchParams(text)) };
}

/** The credential places of a request (body fields are added by the Pushover receiver). */
export function credentialPlaces(c: Context, bodyFields: (string | null)[] = []): CredentialPlaces {
  return {
    authorization: header(c, 'authorization'),
    authParam: query(c, 'auth'),
    gotifyKey: header(c, 'x-gotify-key'),
    tokenParam: query(c, 'token'),
    bodyFields,
  };
}

/**
 * Authenticates the request's intake token and counts it against the token's rate.
 * 401 for a missing or unknown token, 429 over the rate.
 */
export async function authenticate(
  c: Context,
  service: IntakeService,
  places: CredentialPlaces = credentialPlaces(c),
): Promise<IntakeIdentity> {
  const identity = await service.authenticate(tokenCandidates(places));
  if (!identity) {
    c.header('WWW-Authenticate', 'Bearer realm="checkpoint-intake"');
    throw new AuthError(
      offeredCredentials(places)
        ? 'intake: unknown or revoked intake token'
        : 'intake: an intake token is needed (Authorization: Bearer <token>, ?auth=, X-Gotify-Key, ?token= or Pushover token/user)',
    );
  }
  try {
    service.admit(identity);
  } catch (error) {
    if (error instanceof Error && 'retryAfterSeconds' in error) {
      c.header('Retry-After', String((error as { retryAfterSeconds: number }).retryAfterSeconds));
    }
    throw error;
  }
  return identity;
}

/** The sender's idempotency key (IETF draft header), if any. */
export function idempotencyKey(c: Context): string | null {
  const key = header(c, 'idempotency-key') ?? header(c, 'x-idempotency-key');
  return key ? key.slice(0, 200) : null;
}
