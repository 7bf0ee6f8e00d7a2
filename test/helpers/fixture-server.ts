/**
 * A real HTTP server on 127.0.0.1 (random port) for tests: it serves files from a directory,
 * offers a set of built-in routes that misbehave on purpose (see `fixture-routes.ts` for the
 * full list: redirects and loops, redirects to private and metadata addresses, gzip/br/deflate,
 * decompression bombs, slow drip, hanging, oversized and lying bodies, 304/410/429/503…), counts
 * requests per path and lets each test add its own routes.
 *
 * Lookup order for a request: routes added with `route()` → built-in routes → files under
 * `root` (with ETag/Last-Modified and 304 answers) → 404.
 *
 * @example
 * const server = await startFixtureServer({ root: 'test/fixtures/feeds' });
 * server.route('/feed.xml', (req, res) => sendWithValidators(req, res, { body: xml }));
 * const res = await fetcher.fetch(server.urlFor('/feed.xml'));
 * expect(server.hits('/feed.xml')).toBe(1);
 * await server.close();
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { builtinRoute, isNotModified, sendNotModified } from './fixture-routes.ts';

export {
  BOMB_SIZE,
  ENCODED_TEXT,
  FIXTURE_ETAG,
  FIXTURE_LAST_MODIFIED,
  isNotModified,
  sendWithValidators,
  type Validators,
} from './fixture-routes.ts';

/** Handles one request. `url` is the parsed request URL (with the server's origin). */
export type FixtureHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) => void | Promise<void>;

/** One request as the server saw it (before any handler ran). */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/feed.xml`. */
  path: string;
  /** Query string including `?`, or ''. */
  search: string;
  headers: IncomingHttpHeaders;
  /** Client port: two requests with the same port came over the same (kept-alive) connection. */
  remotePort: number;
}

export interface FixtureServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** An absolute URL on this server; `host` swaps 127.0.0.1 for another name or address. */
  urlFor(path: string, host?: string): string;
  /** How many requests reached `path` (query ignored). */
  hits(path: string): number;
  /** Recorded requests, all or for one path, oldest first. */
  requests(path?: string): RecordedRequest[];
  /**
   * Adds (or replaces) a route. `path` is exact (`/feed.xml`) or a prefix ending in `/*`
   * (`/users/*`). Routes added here win over built-in routes and files.
   */
  route(path: string, handler: FixtureHandler): void;
  /** Forgets recorded requests (routes stay). */
  reset(): void;
  /** Stops the server and drops every open connection (hanging and dripping ones too). */
  close(): Promise<void>;
}

export interface FixtureServerOptions {
  /** A directory whose files are served at their relative paths. */
  root?: string;
}

/** Starts a fixture server on 127.0.0.1 and a random free port. */
export async function startFixtureServer(
  options: FixtureServerOptions = {},
): Promise<FixtureServer> {
  const recorded: RecordedRequest[] = [];
  const exact = new Map<string, FixtureHandler>();
  const prefixes = new Map<string, FixtureHandler>();
  let port = 0;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    recorded.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      search: url.search,
      headers: req.headers,
      remotePort: req.socket.remotePort ?? 0,
    });
    const handler =
      exact.get(url.pathname) ??
      [...prefixes].find(([prefix]) => url.pathname.startsWith(prefix))?.[1] ??
      builtinRoute(url.pathname, port) ??
      (options.root ? fileHandler(options.root) : notFound);
    try {
      await handler(req, res, url);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fixture server error: ${(err as Error).message}`);
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: origin,
    port,
    urlFor: (path, host) => `http://${host ?? '127.0.0.1'}:${port}${path}`,
    hits: (path) => recorded.filter((r) => r.path === path).length,
    requests: (path) => recorded.filter((r) => path === undefined || r.path === path),
    route(path, handler) {
      if (path.endsWith('/*')) prefixes.set(path.slice(0, -1), handler);
      else exact.set(path, handler);
    },
    reset: () => {
      recorded.length = 0;
    },
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((err) => (err ? fail(err) : done()));
        server.closeAllConnections();
      }),
  };
}

const notFound: FixtureHandler = (_req, res) => {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
};

const CONTENT_TYPES: Record<string, string> = {
  '.xml': 'application/xml',
  '.rss': 'application/rss+xml',
  '.atom': 'application/atom+xml',
  '.rdf': 'application/rdf+xml',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.opml': 'text/x-opml',
};

/** Serves files under `root` (no directory listing, no escaping `root`), with validators. */
function fileHandler(root: string): FixtureHandler {
  const base = resolve(root);
  return async (req, res, url) => {
    const file = resolve(base, `.${decodeURIComponent(url.pathname)}`);
    const info = file.startsWith(base + sep) ? await stat(file).catch(() => null) : null;
    if (!info?.isFile()) return notFound(req, res, url);
    const validators = {
      etag: `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`,
      lastModified: info.mtime.toUTCString(),
    };
    if (isNotModified(req, validators)) {
      sendNotModified(res, validators);
      return;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': info.size,
      etag: validators.etag,
      'last-modified': validators.lastModified,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  };
}
