import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ConfigError } from '../config/load.ts';
import { CheckpointError, ValidationError } from '../domain/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { databaseFault } from '../services/database-faults.ts';

/** HTTP status of each domain error code; everything else is a 500. */
const STATUS: Record<string, ContentfulStatusCode> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  feed_parse: 422,
  bad_url: 422,
  blocked: 422,
  dns: 502,
  timeout: 504,
  too_many_redirects: 502,
  network: 502,
  tls: 502,
  imap_auth: 422,
  imap_tls: 422,
  imap_folder: 422,
  imap_connect: 502,
  imap_blocked: 422,
  imap_protocol: 422,
  imap_move: 502,
  mail_domain_unset: 409,
  delivery_failed: 502,
  // RFC 4918 §11.5 Insufficient Storage: the sender may retry once space was made.
  db_full: 507,
  db_readonly: 503,
  db_unavailable: 503,
};

export interface ErrorBody {
  error: { code: string; message: string; issues?: string[] };
}

/**
 * Any thrown value as the one error shape and its status, in one place: domain errors by their
 * code, a full or unreachable database by what it is, anything else a logged 500.
 */
export function errorOf(
  thrown: unknown,
  log: Logger,
): { status: ContentfulStatusCode; body: ErrorBody } {
  // A full, read-only or unreachable database says so (507/503), not "internal error".
  const error = databaseFault(thrown) ?? thrown;
  if (error instanceof HTTPException) {
    return {
      status: error.status as ContentfulStatusCode,
      body: { error: { code: `http_${error.status}`, message: error.message } },
    };
  }
  if (error instanceof CheckpointError && !(error instanceof ConfigError)) {
    const status = STATUS[error.code] ?? 500;
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error instanceof ValidationError && error.issues.length) body.error.issues = error.issues;
    if (status >= 500) log.error({ err: error }, 'request failed');
    return { status, body };
  }
  log.error({ err: error }, 'unexpected error');
  return { status: 500, body: { error: { code: 'internal', message: 'internal error' } } };
}

/** Turns any thrown value into the one error response shape (`errorOf`). */
export function errorResponse(c: Context, thrown: unknown, log: Logger): Response {
  const { status, body } = errorOf(thrown, log);
  return c.json(body, status);
}
