/**
 * The built-in routes of the fixture server: well-behaved resources and deliberate
 * misbehaviour. `<port>` below is the server's own port.
 *
 * | path | answer |
 * |---|---|
 * | `/ok` | 200 `text/plain` "ok" |
 * | `/json` | 200 `application/json` `{"ok":true,"items":[1,2,3]}` |
 * | `/echo` | 200 JSON `{method, path, search, headers, body}` of the request |
 * | `/etag` | 200 with ETag `FIXTURE_ETAG` and Last-Modified `FIXTURE_LAST_MODIFIED`; 304 when matched |
 * | `/redirect/<code>[/<code>…][/<path>][?to=URL]` | a chain: each code answers that status and points to the rest; the last hop goes to `to`, or to `/<path>` (default `/ok`). `/redirect/301/302/ok` |
 * | `/loop`, `/loop/back` | 302 to each other, forever |
 * | `/to/loopback2` | 302 to `http://127.0.0.2:<port>/ok` |
 * | `/to/mapped` | 302 to `http://[::ffff:127.0.0.2]:<port>/ok` |
 * | `/to/private` | 302 to `http://10.0.0.1/` |
 * | `/to/metadata` | 301 to `http://169.254.169.254/latest/meta-data` |
 * | `/to/file` | 302 to `file:///etc/passwd` |
 * | `/to/bad-port` | 302 to `http://127.0.0.1:25/` |
 * | `/gzip`, `/br`, `/deflate`, `/deflate-raw` | `ENCODED_TEXT`, encoded so |
 * | `/bomb.gz`, `/bomb.br` | a decompression bomb: 64 KB (gzip) or ~100 bytes (br) on the wire, `BOMB_SIZE` (64 MiB) of zeros decoded; built on first use |
 * | `/bomb-endless.gz` | a gzip stream of zeros that never ends (until the client hangs up) |
 * | `/drip` | headers at once, then one byte per second, never ending |
 * | `/hang` | accepts the request and never answers |
 * | `/big?size=N[&declared=1]` | N bytes (default 20 MiB), chunked, or with an honest Content-Length |
 * | `/length-lies-long` | `Content-Length: 1000`, sends 10 bytes and closes |
 * | `/length-lies-short` | `Content-Length: 10`, then 1 MiB more on the wire |
 * | `/wrong-charset` | `Content-Type: …; charset=iso-8859-1` on a UTF-8 RSS document |
 * | `/status/<code>[?retry-after=V]` | that status; 429 gets `Retry-After: 120`, 503 an HTTP date, unless `retry-after` is given |
 * | `/page.html` | HTML with `<link rel="alternate">` to `/feed.xml` (RSS) and `/atom.xml` (Atom) |
 * | `/feed.xml`, `/atom.xml` | small valid RSS 2.0 and Atom documents, with validators |
 */
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Transform, Writable } from 'node:stream';
import {
  brotliCompressSync,
  constants,
  createBrotliCompress,
  createGzip,
  deflateRawSync,
  deflateSync,
  gzipSync,
} from 'node:zlib';
import type { FixtureHandler } from './fixture-server.ts';

/** The text behind `/gzip`, `/br`, `/deflate` and `/deflate-raw`. */
export const ENCODED_TEXT = `Checkpoint fixture: ${'pull, don’t be pushed. '.repeat(40)}`;
export const FIXTURE_ETAG = '"fixture-v1"';
export const FIXTURE_LAST_MODIFIED = 'Wed, 01 Jan 2025 00:00:00 GMT';
/** Decoded size of `/bomb.gz` and `/bomb.br`. */
export const BOMB_SIZE = 64 * 1024 * 1024;

const MiB = 1024 * 1024;

const RSS = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Fixture feed</title><link>http://fixture.test/</link>
<description>A small feed</description>
<item><title>Café first</title><link>http://fixture.test/1</link><guid>fixture-1</guid>
<pubDate>Wed, 01 Jan 2025 08:00:00 GMT</pubDate><description>One</description></item>
<item><title>Second</title><link>http://fixture.test/2</link><guid>fixture-2</guid>
<pubDate>Thu, 02 Jan 2025 08:00:00 GMT</pubDate><description>Two</description></item>
</channel></rss>
`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Fixture Atom</title><id>urn:fixture:atom</id>
<updated>2025-01-02T08:00:00Z</updated><link href="http://fixture.test/"/>
<entry><title>Atom one</title><id>urn:fixture:atom:1</id><updated>2025-01-02T08:00:00Z</updated>
<link href="http://fixture.test/a1"/><summary>One</summary></entry>
</feed>
`;

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Fixture site</title>
<link rel="alternate" type="application/rss+xml" title="Fixture RSS" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" title="Fixture Atom" href="/atom.xml">
</head><body><h1>Fixture site</h1><p>Feeds are linked in the head.</p></body></html>
`;

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  ((_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(body);
  }) satisfies FixtureHandler;

const redirectTo =
  (status: number, location: (port: number) => string): ((port: number) => FixtureHandler) =>
  (port) =>
    text(status, `see ${location(port)}`, { location: location(port) });

const encoded =
  (encoding: string, encode: (body: Buffer) => Buffer): FixtureHandler =>
  (_req, res) => {
    const body = encode(Buffer.from(ENCODED_TEXT));
    res.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-encoding': encoding,
      'content-length': String(body.length),
    });
    res.end(body);
  };

/** Compresses `total` zero bytes through `compressor` without holding them in memory. */
async function compressZeros(compressor: Transform, total: number): Promise<Buffer> {
  const zeros = Buffer.alloc(MiB);
  const out: Buffer[] = [];
  compressor.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = once(compressor, 'end');
  for (let written = 0; written < total; written += zeros.length) {
    if (!compressor.write(zeros)) await once(compressor, 'drain');
  }
  compressor.end();
  await ended;
  return Buffer.concat(out);
}

const bombs = new Map<string, Promise<Buffer>>();

/** Bombs are built on first use and kept for the life of the process. */
function bomb(encoding: 'gzip' | 'br'): Promise<Buffer> {
  let built = bombs.get(encoding);
  if (!built) {
    const compressor =
      encoding === 'gzip'
        ? createGzip({ level: 9 })
        : createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
    built = compressZeros(compressor, BOMB_SIZE);
    bombs.set(encoding, built);
  }
  return built;
}

const bombRoute =
  (encoding: 'gzip' | 'br'): FixtureHandler =>
  async (_req, res) => {
    const body = await bomb(encoding);
    res.writeHead(200, {
      'content-type': 'application/xml',
      'content-encoding': encoding,
      'content-length': String(body.length),
    });
    res.end(body);
  };

/** Resolves on 'drain' or when the response closes, leaving no listener behind. */
function drained(stream: Writable, res: ServerResponse): Promise<void> {
  return new Promise((done) => {
    const finish = () => {
      stream.off('drain', finish);
      res.off('close', finish);
      done();
    };
    stream.once('drain', finish);
    res.once('close', finish);
  });
}

/** Endless gzip: compresses zeros into the response until the client goes away. */
const endlessBomb: FixtureHandler = async (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip' });
  const gzip = createGzip({ level: 9 });
  gzip.pipe(res);
  let open = true;
  res.once('close', () => {
    open = false;
    gzip.destroy();
  });
  const zeros = Buffer.alloc(MiB);
  while (open) {
    if (!gzip.write(zeros)) await drained(gzip, res);
  }
};

const drip: FixtureHandler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.flushHeaders();
  const timer = setInterval(() => res.write('.'), 1000);
  res.once('close', () => clearInterval(timer));
};

const big: FixtureHandler = async (_req, res, url) => {
  const size = Number(url.searchParams.get('size') ?? 20 * MiB);
  const declared = url.searchParams.get('declared') === '1';
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    ...(declared ? { 'content-length': String(size) } : {}),
  });
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  for (let sent = 0; sent < size && !res.destroyed; sent += chunk.length) {
    const part = sent + chunk.length <= size ? chunk : chunk.subarray(0, size - sent);
    if (!res.write(part)) await drained(res, res);
  }
  res.end();
};

/** Writes a raw HTTP/1.1 response on the socket, bypassing Node's framing checks. */
const raw =
  (head: string, body: Buffer): FixtureHandler =>
  (req) => {
    req.socket.write(`HTTP/1.1 ${head}\r\n\r\n`);
    req.socket.end(body);
  };

const status: FixtureHandler = (_req, res, url) => {
  const code = Number(url.pathname.split('/')[2]);
  if (!(code >= 200 && code <= 599)) return text(400, 'bad status')(_req, res);
  const defaults: Record<number, string> = {
    429: '120',
    503: new Date(Date.now() + 3600_000).toUTCString(),
  };
  const retryAfter = url.searchParams.get('retry-after') ?? defaults[code];
  text(code, `status ${code}`, retryAfter ? { 'retry-after': retryAfter } : {})(_req, res);
};

const REDIRECT_CODES = new Set(['301', '302', '303', '307', '308']);

/** `/redirect/301/302/ok?to=…`: answer the first code, pointing at the rest of the chain. */
const redirectChain: FixtureHandler = (req, res, url) => {
  const [code = '', ...rest] = url.pathname.split('/').slice(2);
  if (!REDIRECT_CODES.has(code)) return text(400, 'bad redirect code')(req, res);
  const more = rest[0] !== undefined && REDIRECT_CODES.has(rest[0]);
  const location = more
    ? `/redirect/${rest.join('/')}${url.search}`
    : (url.searchParams.get('to') ?? `/${rest.join('/') || 'ok'}`);
  text(Number(code), `see ${location}`, { location })(req, res);
};

const echo: FixtureHandler = async (req, res, url) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.stringify({
    method: req.method,
    path: url.pathname,
    search: url.search,
    headers: req.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
};

const withValidators =
  (body: string, contentType: string): FixtureHandler =>
  (req, res) =>
    sendWithValidators(req, res, {
      body,
      contentType,
      etag: FIXTURE_ETAG,
      lastModified: FIXTURE_LAST_MODIFIED,
    });

const ROUTES: Record<string, (port: number) => FixtureHandler> = {
  '/ok': () => text(200, 'ok'),
  '/json': () => (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, items: [1, 2, 3] }));
  },
  '/echo': () => echo,
  '/etag': () => withValidators('etag body', 'text/plain; charset=utf-8'),
  '/loop': redirectTo(302, () => '/loop/back'),
  '/loop/back': redirectTo(302, () => '/loop'),
  '/to/loopback2': redirectTo(302, (port) => `http://127.0.0.2:${port}/ok`),
  '/to/mapped': redirectTo(302, (port) => `http://[::ffff:127.0.0.2]:${port}/ok`),
  '/to/private': redirectTo(302, () => 'http://10.0.0.1/'),
  '/to/metadata': redirectTo(301, () => 'http://169.254.169.254/latest/meta-data'),
  '/to/file': redirectTo(302, () => 'file:///etc/passwd'),
  '/to/bad-port': redirectTo(302, () => 'http://127.0.0.1:25/'),
  '/gzip': () => encoded('gzip', (b) => gzipSync(b)),
  '/br': () => encoded('br', (b) => brotliCompressSync(b)),
  '/deflate': () => encoded('deflate', (b) => deflateSync(b)),
  '/deflate-raw': () => encoded('deflate', (b) => deflateRawSync(b)),
  '/bomb.gz': () => bombRoute('gzip'),
  '/bomb.br': () => bombRoute('br'),
  '/bomb-endless.gz': () => endlessBomb,
  '/drip': () => drip,
  '/hang': () => () => {},
  '/big': () => big,
  '/length-lies-long': () =>
    raw('200 OK\r\ncontent-type: text/plain\r\ncontent-length: 1000', Buffer.from('0123456789')),
  '/length-lies-short': () =>
    raw('200 OK\r\ncontent-type: text/plain\r\ncontent-length: 10', Buffer.alloc(10 + MiB, 0x62)),
  '/wrong-charset': () =>
    text(200, RSS, { 'content-type': 'application/rss+xml; charset=iso-8859-1' }),
  '/page.html': () => text(200, PAGE, { 'content-type': 'text/html; charset=utf-8' }),
  '/feed.xml': () => withValidators(RSS, 'application/rss+xml; charset=utf-8'),
  '/atom.xml': () => withValidators(ATOM, 'application/atom+xml; charset=utf-8'),
};

/** The built-in handler for `path`, or undefined. */
export function builtinRoute(path: string, port: number): FixtureHandler | undefined {
  if (path.startsWith('/redirect/')) return redirectChain;
  if (path.startsWith('/status/')) return status;
  return ROUTES[path]?.(port);
}

/** Validators of a resource, for conditional requests. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

/**
 * RFC 9110 §13.1: If-None-Match decides when present (weak comparison); otherwise
 * If-Modified-Since, to the second.
 */
export function isNotModified(req: IncomingMessage, validators: Validators): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (!validators.etag) return false;
    const weak = (tag: string) => tag.trim().replace(/^W\//, '');
    const tags = ifNoneMatch.split(',').map(weak);
    return tags.includes('*') || tags.includes(weak(validators.etag));
  }
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  const modified = Date.parse(validators.lastModified ?? '');
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

export function sendNotModified(res: ServerResponse, validators: Validators): void {
  res.writeHead(304, {
    ...(validators.etag ? { etag: validators.etag } : {}),
    ...(validators.lastModified ? { 'last-modified': validators.lastModified } : {}),
  });
  res.end();
}

/**
 * Sends `body` with ETag/Last-Modified, or 304 when the request's validators match. Handy in
 * custom routes that simulate a feed changing over time.
 *
 * @example server.route('/feed.xml', (req, res) => sendWithValidators(req, res, { body, etag: '"v2"' }))
 */
export function sendWithValidators(
  req: IncomingMessage,
  res: ServerResponse,
  options: { body: string | Buffer; contentType?: string } & Validators,
): void {
  const { body, contentType = 'application/xml', ...validators } = options;
  if (isNotModified(req, validators)) {
    sendNotModified(res, validators);
    return;
  }
  res.writeHead(200, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...(validators.etag ? { etag: validators.etag } : {}),
    ...(validators.lastModified ? { 'last-modified': validators.lastModified } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
