import type { Context, MiddlewareHandler } from 'hono';
import { CheckpointError } from '../../domain/errors.ts';

const KB = 1024;
const MB = 1024 * KB;

/** One request body limit: the first rule whose method and path match decides. */
export interface BodyLimitRule {
  method: string;
  /** Matched against the request path. */
  path: RegExp;
  /** Bytes; `null` leaves the route to enforce its own limit while it streams. */
  maxBytes: number | null;
  /** What the 413 calls the body ("an OPML document", "a form"). */
  what: string;
}

/**
 * Every route's body limit (issue "Hardening" 1): uploads their documented maximum, the JSON API
 * 1 MB, web forms 64 KB. The push intake reads its bodies itself with its own limit (64 KB,
 * `http/intake/body.ts`), as does the API's export import (it streams).
 */
export const BODY_LIMITS: readonly BodyLimitRule[] = [
  { method: '*', path: /^\/intake\//, maxBytes: null, what: 'a pushed message' },
  { method: 'POST', path: /^\/api\/v1\/imports$/, maxBytes: 200 * MB, what: 'an export' },
  { method: 'POST', path: /^\/sources\/imports$/, maxBytes: 201 * MB, what: 'an export' },
  { method: 'POST', path: /^\/api\/v1\/opml$/, maxBytes: 5 * MB, what: 'an OPML document' },
  {
    method: 'POST',
    path: /^\/sources\/opml$/,
    maxBytes: 5 * MB + 64 * KB,
    what: 'an OPML document',
  },
  { method: '*', path: /^\/api\//, maxBytes: 1 * MB, what: 'a JSON body' },
  { method: '*', path: /./, maxBytes: 64 * KB, what: 'a form' },
];

const BODILESS = new Set(['GET', 'HEAD', 'OPTIONS']);

function ruleFor(rules: readonly BodyLimitRule[], method: string, path: string): BodyLimitRule {
  const rule = rules.find((r) => (r.method === '*' || r.method === method) && r.path.test(path));
  // The last rule matches every path; a table without one limits nothing.
  return rule ?? { method: '*', path: /./, maxBytes: null, what: 'a body' };
}

function tooLarge(rule: BodyLimitRule & { maxBytes: number }): CheckpointError {
  const { maxBytes } = rule;
  const size = maxBytes >= MB ? `${Math.round(maxBytes / MB)} MB` : `${maxBytes / KB} KB`;
  return new CheckpointError('too_large', `http: ${rule.what} may be at most ${size}`);
}

/** A body stream that fails with `onExceeded()`'s error once more than `maxBytes` have passed. */
function capped(body: ReadableStream<Uint8Array>, maxBytes: number, onExceeded: () => Error) {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen <= maxBytes) return controller.enqueue(chunk);
        controller.error(onExceeded());
      },
    }),
  );
}

/**
 * Enforces `rules` on every request: a declared Content-Length over the limit is answered 413
 * before a byte of the body is read; a body without one is counted while it streams and fails
 * with the same 413 when it passes the limit, so no handler (CSRF check, form parser) ever holds
 * more than the limit in memory. The 413 closes the connection, so the sender stops.
 *
 * @example http.use('*', bodyLimits());
 */
export function bodyLimits(rules: readonly BodyLimitRule[] = BODY_LIMITS): MiddlewareHandler {
  return async (c: Context, next) => {
    if (BODILESS.has(c.req.method)) return await next();
    const rule = ruleFor(rules, c.req.method, c.req.path);
    const { maxBytes } = rule;
    if (maxBytes === null) return await next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
      c.header('connection', 'close');
      throw tooLarge({ ...rule, maxBytes });
    }
    const body = c.req.raw.body;
    let exceeded: CheckpointError | null = null;
    if (body && declared === undefined) {
      const limited = capped(body, maxBytes, () => {
        exceeded = tooLarge({ ...rule, maxBytes });
        return exceeded;
      });
      c.req.raw = new Request(c.req.raw, { body: limited, duplex: 'half' } as RequestInit);
    }
    await next();
    // Whatever a handler made of the failed read (a parser's 400, its own page), the answer is
    // the 413: Hono has already passed the handler's error to onError, so we replace it.
    if (exceeded) {
      c.header('connection', 'close');
      throw exceeded;
    }
  };
}
