/**
 * Fast, size-limited access to a pushed request. Under @hono/node-server the Node request
 * (`c.env.incoming`) is read directly: building a WHATWG Request per message costs more than
 * storing the message. Elsewhere (`app.request()` in tests) the Hono request is used.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { CheckpointError } from '../../domain/errors.ts';
import { headerText } from '../../intake/header-text.ts';
import type { ParamSource } from '../../intake/types.ts';

/** Largest pushed body accepted (HTTP 413 above). ntfy turns > 4 KB into attachments. */
export const MAX_INTAKE_BODY = 64 * 1024;

/** A body over MAX_INTAKE_BODY (HTTP 413). */
export class TooLargeError extends CheckpointError {
  constructor() {
    super('too_large', `intake: the body is larger than ${MAX_INTAKE_BODY / 1024} KB`);
  }
}

interface View {
  incoming: IncomingMessage | null;
  query: URLSearchParams | null;
  body?: Promise<Uint8Array>;
}

const views = new WeakMap<Context, View>();

function view(c: Context): View {
  let v = views.get(c);
  if (!v) {
    const env = c.env as { incoming?: IncomingMessage } | undefined;
    const incoming = env?.incoming && typeof env.incoming.on === 'function' ? env.incoming : null;
    const url = c.req.url;
    const q = url.indexOf('?');
    v = { incoming, query: q < 0 ? null : new URLSearchParams(url.slice(q + 1)) };
    views.set(c, v);
  }
  return v;
}

/** A request header (first value). */
export function header(c: Context, name: string): string | undefined {
  const { incoming } = view(c);
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** A query parameter. */
export function query(c: Context, name: string): string | undefined {
  return view(c).query?.get(name) ?? undefined;
}

/** All query parameters (last value wins). */
export function queryFields(c: Context): Record<string, string> {
  const q = view(c).query;
  return q ? Object.fromEntries(q) : {};
}

/**
 * Headers and query parameters, for ntfy's parameter aliases. Header values are decoded as
 * ntfy does (UTF-8 bytes, RFC 2047 encoded words; see `intake/header-text.ts`).
 */
export function paramSource(c: Context): ParamSource {
  return {
    header: (name) => {
      const value = header(c, name);
      return value === undefined ? undefined : headerText(value);
    },
    query: (name) => query(c, name),
  };
}

/**
 * The request body, at most MAX_INTAKE_BODY bytes: a larger Content-Length is refused before
 * reading (Node's parser holds the sender to the length it declared), a chunked body is
 * counted while it arrives. Read once per request.
 */
export function readBody(c: Context): Promise<Uint8Array> {
  const v = view(c);
  if (!v.body) {
    const declared = header(c, 'content-length');
    v.body =
      declared !== undefined && Number(declared) > MAX_INTAKE_BODY
        ? Promise.reject(new TooLargeError())
        : v.incoming
          ? fromIncoming(v.incoming)
          : fromRequest(c);
  }
  return v.body;
}

/** The body as UTF-8 text (malformed sequences replaced). */
export async function readText(c: Context): Promise<string> {
  return new TextDecoder().decode(await readBody(c));
}

function fromIncoming(incoming: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_INTAKE_BODY) {
        chunks.push(chunk);
        return;
      }
      incoming.off('data', onData);
      incoming.resume(); // discard the rest so the 413 answer can be read
      reject(new TooLargeError());
    };
    incoming.on('data', onData);
    incoming.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    incoming.once('error', reject);
  });
}

async function fromRequest(c: Context): Promise<Uint8Array> {
  const stream = c.req.raw.body;
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_INTAKE_BODY) {
      await reader.cancel();
      throw new TooLargeError();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
