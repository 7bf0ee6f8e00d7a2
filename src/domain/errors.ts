/**
 * Domain errors. Every error Checkpoint raises on purpose is a `CheckpointError` with a stable
 * `code`; `http/errors.ts` and the CLI turn them into responses and exit codes in one place.
 * Messages start with the module: `feed: no <channel> or <feed> element`.
 */
export class CheckpointError extends Error {
  readonly code: string;
  /** The message's key and parameters in the web UI's catalogs, where it has one. */
  readonly localised: Localised | undefined;
  constructor(code: string, message: string, options?: { cause?: unknown; localised?: Localised }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.localised = options?.localised;
  }
}

/** A message key of the UI catalogs (`error.…`) with its parameters. */
export interface Localised {
  key: string;
  params?: Record<string, string | number>;
}

/** Input that does not pass validation (HTTP 400, CLI exit 1). */
export class ValidationError extends CheckpointError {
  readonly issues: string[];
  constructor(
    message: string,
    issues: string[] = [],
    options?: { cause?: unknown; localised?: Localised },
  ) {
    super('invalid_input', message, options);
    this.issues = issues;
  }
}

/** A ValidationError whose message the web UI shows in the user's language. */
export function invalid(
  message: string,
  key: string,
  params?: Record<string, string | number>,
): ValidationError {
  return new ValidationError(message, [], { localised: { key, ...(params ? { params } : {}) } });
}

/** A row that does not exist or does not belong to the asking user (HTTP 404). */
export class NotFoundError extends CheckpointError {
  constructor(message: string, options?: { localised?: Localised }) {
    super('not_found', message, options);
  }
}

/** Missing or bad credentials (HTTP 401). */
export class AuthError extends CheckpointError {
  constructor(message = 'auth: missing or invalid credentials') {
    super('unauthorized', message);
  }
}

/** The asker is known but not allowed (HTTP 403). */
export class ForbiddenError extends CheckpointError {
  /** `key`: the message's key in the web UI's catalogs, where it has one. */
  constructor(message = 'auth: not allowed', key?: string) {
    super('forbidden', message, key ? { localised: { key } } : undefined);
  }
}

/** A state conflict, e.g. a duplicate subscription (HTTP 409). */
export class ConflictError extends CheckpointError {
  constructor(message: string, options?: { cause?: unknown; localised?: Localised }) {
    super('conflict', message, options);
  }
}

/**
 * A document that is not a feed, or a feed we cannot read. Without a message key of its own
 * the web UI says so in general words, with the parser's reason (`error.feed.parse`).
 */
export class FeedParseError extends CheckpointError {
  constructor(message: string, options?: { cause?: unknown; localised?: Localised }) {
    super('feed_parse', message, {
      ...options,
      localised: options?.localised ?? {
        key: 'error.feed.parse',
        params: { reason: message.replace(/^feed: /, '') },
      },
    });
  }
}

/** Codes of `FetchError`, so callers can decide (back off, disable, report). */
export type FetchErrorCode =
  | 'bad_url'
  | 'blocked'
  | 'dns'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects'
  | 'network'
  | 'tls';

/**
 * An outbound request that failed before an HTTP status was obtained, or was refused. The web
 * UI explains each code in the user's language (`error.fetch.<code>`). The network helpers
 * report these as their own `NetError` (same codes); services/net-errors.ts turns one into this.
 */
export class FetchError extends CheckpointError {
  declare readonly code: FetchErrorCode;
  readonly url: string;
  constructor(code: FetchErrorCode, message: string, url: string, options?: { cause?: unknown }) {
    super(code, message, {
      ...options,
      localised: { key: `error.fetch.${code}`, params: { url } },
    });
    this.url = url;
  }
}
