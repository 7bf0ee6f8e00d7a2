/**
 * Response bodies: content decoding (gzip, deflate, br) and a byte limit enforced while
 * streaming, on the wire bytes and again on the decoded bytes, so that a decompression bomb is
 * cut off at the limit instead of being inflated into memory.
 */
import { pipeline, type Readable, Transform } from 'node:stream';
import {
  constants,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createInflateRaw,
} from 'node:zlib';

// Lenient about truncated streams, as browsers are (undici's fetch does the same).
const ZLIB_OPTIONS = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS = {
  flush: constants.BROTLI_OPERATION_FLUSH,
  finishFlush: constants.BROTLI_OPERATION_FLUSH,
};

/** The value we send as `Accept-Encoding`; `decodeBody` undoes each of these. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

const DECODERS: Record<string, () => Transform> = {
  gzip: () => createGunzip(ZLIB_OPTIONS),
  'x-gzip': () => createGunzip(ZLIB_OPTIONS),
  deflate: inflateAuto,
  br: () => createBrotliDecompress(BROTLI_OPTIONS),
};

/**
 * `deflate` should be zlib-wrapped (RFC 9110 §8.4.1.2) but some servers send raw deflate;
 * pick the right inflater from the first bytes, as browsers do.
 */
function inflateAuto(): Transform {
  let inner: Transform | null = null;
  const outer: Transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!inner) {
        inner = isZlibHeader(chunk) ? createInflate(ZLIB_OPTIONS) : createInflateRaw(ZLIB_OPTIONS);
        inner.on('data', (data: Buffer) => outer.push(data));
        inner.on('error', (err) => outer.destroy(err));
      }
      inner.write(chunk, () => callback());
    },
    flush(callback) {
      if (!inner) return callback();
      inner.once('end', () => callback());
      inner.end();
    },
    destroy(err, callback) {
      inner?.destroy();
      callback(err);
    },
  });
  return outer;
}

function isZlibHeader(chunk: Buffer): boolean {
  const cmf = chunk[0] ?? 0;
  const flg = chunk[1];
  return (cmf & 0x0f) === 8 && (flg === undefined || ((cmf << 8) | flg) % 31 === 0);
}

/** A pass-through that fails with `tooLarge()` once more than `maxBytes` went through. */
function byteLimit(maxBytes: number, tooLarge: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(tooLarge());
      else callback(null, chunk);
    },
  });
}

/** The decoders for a `Content-Encoding` value, in decoding order; null when one is unknown. */
function decodersFor(contentEncoding: string | null): Transform[] | null {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  const makers = codings.map((c) => DECODERS[c]);
  if (makers.some((make) => make === undefined)) return null;
  return makers.reverse().map((make) => make!());
}

/**
 * Decodes `body` per `Content-Encoding` (left as is when a coding is unknown) and limits both
 * the wire and the decoded bytes to `maxBytes`. Errors (including `tooLarge()`) surface on the
 * returned stream; destroying it destroys `body`, which aborts the request.
 *
 * @example readAll(decodeBody(res.body, res.headers['content-encoding'], 15 << 20, tooBig))
 */
export function decodeBody(
  body: Readable,
  contentEncoding: string | null,
  maxBytes: number,
  tooLarge: () => Error,
): Readable {
  const decoders = decodersFor(contentEncoding) ?? [];
  const stages: Transform[] = [byteLimit(maxBytes, tooLarge)];
  if (decoders.length > 0) stages.push(...decoders, byteLimit(maxBytes, tooLarge));
  // pipeline() destroys every stage with the first error, so it reaches the last stage.
  pipeline([body, ...stages], () => {});
  return stages[stages.length - 1]!;
}

/** Reads a stream to the end into one Uint8Array (with its own ArrayBuffer). */
export async function readAll(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
