import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedConnector } from '../../src/lib/net/connector.ts';
import { NetError, type NetErrorCode } from '../../src/lib/net/errors.ts';
import {
  createSafeFetcher,
  DEFAULT_USER_AGENT,
  type SafeFetcher,
} from '../../src/lib/net/safe-fetch.ts';
import { parseNetworks } from '../../src/lib/net/ssrf.ts';
import {
  ENCODED_TEXT,
  FIXTURE_ETAG,
  FIXTURE_LAST_MODIFIED,
  type FixtureServer,
  sendWithValidators,
  startFixtureServer,
} from '../helpers/fixture-server.ts';
import { freePort } from '../helpers/free-port.ts';

let server: FixtureServer;
let fetcher: SafeFetcher;
let root: string;
const SAMPLE_RSS =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>S</title></channel></rss>';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'checkpoint-fixture-'));
  await mkdir(join(root, 'files'));
  await writeFile(join(root, 'files', 'sample.rss'), SAMPLE_RSS);
  server = await startFixtureServer({ root });
  fetcher = createSafeFetcher({ allowNetworks: ['127.0.0.1/32'] });
});

afterAll(async () => {
  await fetcher.close();
  await server.close();
  await rm(root, { recursive: true, force: true });
});

/** Awaits a rejection and checks it is a one-line FetchError with `code`. */
async function failure(promise: Promise<unknown>, code: NetErrorCode): Promise<NetError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NetError);
  const fetchError = err as NetError;
  expect(fetchError.code).toBe(code);
  expect(fetchError.message).toMatch(/^fetch: /);
  expect(fetchError.message).not.toMatch(/\n/);
  return fetchError;
}

const text = (body: Uint8Array) => Buffer.from(body).toString('utf8');
const echoOf = (body: Uint8Array) =>
  JSON.parse(text(body)) as {
    method: string;
    path: string;
    headers: Record<string, string>;
    body: string;
  };

async function withFetcher<T>(
  config: Parameters<typeof createSafeFetcher>[0],
  use: (f: SafeFetcher) => Promise<T>,
): Promise<T> {
  const f = createSafeFetcher(config);
  try {
    return await use(f);
  } finally {
    await f.close();
  }
}

describe('URL policy', () => {
  it('refuses malformed URLs and other schemes as bad_url', async () => {
    const malformed = await failure(fetcher.fetch('not a url'), 'bad_url');
    expect(malformed.message).toBe('fetch: "not a url" is not a valid URL');
    const ftp = await failure(fetcher.fetch('ftp://127.0.0.1/file'), 'bad_url');
    expect(ftp.message).toBe('fetch: "ftp://127.0.0.1/file" is not an http(s) URL');
    await failure(fetcher.fetch('file:///etc/passwd'), 'bad_url');
  });

  it('refuses a redirect to another scheme', async () => {
    const err = await failure(fetcher.fetch(server.urlFor('/to/file')), 'bad_url');
    expect(err.message).toContain(`(redirected from ${server.urlFor('/to/file')})`);
  });

  it('blocks the ports the Fetch standard blocks, directly and on redirect', async () => {
    const direct = await failure(fetcher.fetch('http://127.0.0.1:25/'), 'blocked');
    expect(direct.message).toBe('fetch: http://127.0.0.1:25/ uses port 25 (blocked)');
    await failure(fetcher.fetch(server.urlFor('/to/bad-port')), 'blocked');
  });

  it('sends credentials in the URL as Basic auth and drops them from the URL', async () => {
    const url = `http://alice:s3cr%40t@127.0.0.1:${server.port}/echo`;
    const res = await fetcher.fetch(url);
    const expected = `Basic ${Buffer.from('alice:s3cr@t').toString('base64')}`;
    expect(echoOf(res.body).headers.authorization).toBe(expected);
    expect(res.url).toBe(server.urlFor('/echo'));
  });
});

describe('SSRF guard', () => {
  it('refuses IP-literal hosts outside the allow-list before connecting', async () => {
    const err = await failure(fetcher.fetch(server.urlFor('/ok', '127.0.0.2')), 'blocked');
    expect(err.message).toBe('fetch: 127.0.0.2 is a loopback address (blocked)');
    expect(err.url).toBe(server.urlFor('/ok', '127.0.0.2'));
    // Other spellings of 127.0.0.2 normalise to it.
    await failure(fetcher.fetch(`http://2130706434:${server.port}/ok`), 'blocked');
    await failure(fetcher.fetch(`http://0x7f.0.0.2:${server.port}/ok`), 'blocked');
    await failure(fetcher.fetch(server.urlFor('/ok', '[::1]')), 'blocked');
    const mapped = await failure(
      fetcher.fetch(server.urlFor('/ok', '[::ffff:127.0.0.2]')),
      'blocked',
    );
    expect(mapped.message).toBe('fetch: ::ffff:7f00:2 (127.0.0.2) is a loopback address (blocked)');
  });

  it.each([
    ['/to/loopback2', /^fetch: 127\.0\.0\.2 is a loopback address \(blocked\)/],
    ['/to/mapped', /^fetch: ::ffff:7f00:2 \(127\.0\.0\.2\) is a loopback address \(blocked\)/],
    ['/to/private', /^fetch: 10\.0\.0\.1 is a private address \(blocked\)/],
    ['/to/metadata', /^fetch: 169\.254\.169\.254 is a link-local address \(blocked\)/],
  ])('refuses the redirect %s although 127.0.0.1 is allowed', async (path, message) => {
    const err = await failure(fetcher.fetch(server.urlFor(path)), 'blocked');
    expect(err.message).toMatch(message);
    expect(err.message).toContain(`(redirected from ${server.urlFor(path)})`);
  });

  it('never reaches link-local or unspecified addresses, even with 0.0.0.0/0 allowed', async () => {
    await withFetcher({ allowNetworks: ['0.0.0.0/0', '::/0'] }, async (open) => {
      expect((await open.fetch(server.urlFor('/ok'))).status).toBe(200);
      const meta = await failure(open.fetch('http://169.254.169.254/latest/meta-data'), 'blocked');
      expect(meta.message).toBe('fetch: 169.254.169.254 is a link-local address (blocked)');
      await failure(open.fetch(server.urlFor('/to/metadata')), 'blocked');
      await failure(open.fetch('http://[::ffff:169.254.169.254]/latest/meta-data'), 'blocked');
      await failure(open.fetch('http://[fe80::1]/'), 'blocked');
      await failure(open.fetch(server.urlFor('/ok', '0.0.0.0')), 'blocked');
      await failure(open.fetch(server.urlFor('/ok', '[::]')), 'blocked');
    });
  });

  it('resolves names at connect time: localhost only through its allowed address', async () => {
    const res = await fetcher.fetch(server.urlFor('/localhost-probe', 'localhost'));
    expect(res.status).toBe(404);
    expect(server.hits('/localhost-probe')).toBe(1);
    await withFetcher({ allowNetworks: [] }, async (closed) => {
      const err = await failure(
        closed.fetch(server.urlFor('/localhost-blocked', 'localhost')),
        'blocked',
      );
      expect(err.message).toMatch(
        /^fetch: localhost resolves to (127\.0\.0\.1|::1), a loopback address \(blocked\)/,
      );
      expect(err.url).toBe(server.urlFor('/localhost-blocked', 'localhost'));
    });
    expect(server.hits('/localhost-blocked')).toBe(0);
  });

  it('enforces the guard in the connector itself, whatever the URL checks did', async () => {
    const agent = (allow: string[]) =>
      new Agent({ connect: guardedConnector(parseNetworks(allow), { timeoutMs: 5000 }) });
    const strict = agent(['127.0.0.1/32']);
    const closed = agent([]);
    try {
      const literal = await request(server.urlFor('/connector', '127.0.0.2'), {
        dispatcher: strict,
      }).catch((e: unknown) => e);
      expect(literal).toMatchObject({
        code: 'blocked',
        message: expect.stringContaining('127.0.0.2'),
      });
      const named = await request(server.urlFor('/connector', 'localhost'), {
        dispatcher: closed,
      }).catch((e: unknown) => e);
      expect(named).toMatchObject({
        code: 'blocked',
        message: expect.stringContaining('localhost'),
      });
      expect(server.hits('/connector')).toBe(0);
      const allowed = await request(server.urlFor('/connector', 'localhost'), {
        dispatcher: strict,
      });
      expect(allowed.statusCode).toBe(404);
      await allowed.body.dump();
      expect(server.hits('/connector')).toBe(1);
    } finally {
      await strict.close();
      await closed.close();
    }
  });
});

describe('redirects', () => {
  it('follows 301, 302, 307 and 308 and reports each hop', async () => {
    const start = server.urlFor('/redirect/301/302/307/308/ok');
    const res = await fetcher.fetch(start);
    expect(res.status).toBe(200);
    expect(text(res.body)).toBe('ok');
    expect(res.url).toBe(server.urlFor('/ok'));
    expect(res.redirects).toEqual([
      { status: 301, from: start, to: server.urlFor('/redirect/302/307/308/ok') },
      {
        status: 302,
        from: server.urlFor('/redirect/302/307/308/ok'),
        to: server.urlFor('/redirect/307/308/ok'),
      },
      {
        status: 307,
        from: server.urlFor('/redirect/307/308/ok'),
        to: server.urlFor('/redirect/308/ok'),
      },
      { status: 308, from: server.urlFor('/redirect/308/ok'), to: server.urlFor('/ok') },
    ]);
  });

  it('follows at most 5 redirects', async () => {
    const five = await fetcher.fetch(server.urlFor('/redirect/302/302/302/302/302/ok'));
    expect(five.redirects).toHaveLength(5);
    expect(five.status).toBe(200);
    const err = await failure(
      fetcher.fetch(server.urlFor('/redirect/302/302/302/302/302/302/ok')),
      'too_many_redirects',
    );
    expect(err.message).toContain('redirected more than 5 times');
    await failure(fetcher.fetch(server.urlFor('/loop')), 'too_many_redirects');
    await failure(
      fetcher.fetch(server.urlFor('/redirect/301/ok'), { maxRedirects: 0 }),
      'too_many_redirects',
    );
  });

  it('turns POST into GET on 303, 302 and 301, and keeps it on 307 and 308', async () => {
    const post = { method: 'POST', body: 'payload', headers: { 'content-type': 'text/plain' } };
    for (const code of [301, 302, 303]) {
      const echo = echoOf(
        (await fetcher.fetch(server.urlFor(`/redirect/${code}/echo`), post)).body,
      );
      expect([code, echo.method, echo.body, echo.headers['content-type']]).toEqual([
        code,
        'GET',
        '',
        undefined,
      ]);
    }
    for (const code of [307, 308]) {
      const echo = echoOf(
        (await fetcher.fetch(server.urlFor(`/redirect/${code}/echo`), post)).body,
      );
      expect([code, echo.method, echo.body]).toEqual([code, 'POST', 'payload']);
    }
  });

  it('drops Authorization and Cookie on a redirect to another origin only', async () => {
    const headers = { authorization: 'Bearer t0ken', cookie: 'a=b' };
    const same = echoOf(
      (await fetcher.fetch(server.urlFor('/redirect/302/echo'), { headers })).body,
    );
    expect(same.headers.authorization).toBe('Bearer t0ken');
    const to = encodeURIComponent(server.urlFor('/echo', 'localhost'));
    const other = await fetcher.fetch(server.urlFor(`/redirect/302?to=${to}`), { headers });
    expect(other.url).toBe(server.urlFor('/echo', 'localhost'));
    expect(echoOf(other.body).headers.authorization).toBeUndefined();
    expect(echoOf(other.body).headers.cookie).toBeUndefined();
  });

  it('sets permanentUrl to the last URL reached through permanent redirects only', async () => {
    const permanent = await fetcher.fetch(server.urlFor('/redirect/301/308/ok'));
    expect(permanent.permanentUrl).toBe(server.urlFor('/ok'));
    const mixed = await fetcher.fetch(server.urlFor('/redirect/301/302/ok'));
    expect(mixed.permanentUrl).toBe(server.urlFor('/redirect/302/ok'));
    const temporaryFirst = await fetcher.fetch(server.urlFor('/redirect/302/301/ok'));
    expect(temporaryFirst.permanentUrl).toBeNull();
    const direct = await fetcher.fetch(server.urlFor('/ok'));
    expect(direct.permanentUrl).toBeNull();
    expect(direct.redirects).toEqual([]);
  });
});

describe('statuses and conditional requests', () => {
  it('answers 304 to If-None-Match and If-Modified-Since, with validators intact', async () => {
    const first = await fetcher.fetch(server.urlFor('/etag'));
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe(FIXTURE_ETAG);
    expect(first.headers.get('last-modified')).toBe(FIXTURE_LAST_MODIFIED);
    const byEtag = await fetcher.fetch(server.urlFor('/etag'), {
      headers: { 'if-none-match': FIXTURE_ETAG },
    });
    expect([byEtag.status, byEtag.body.length, byEtag.headers.get('etag')]).toEqual([
      304,
      0,
      FIXTURE_ETAG,
    ]);
    const byDate = await fetcher.fetch(server.urlFor('/etag'), {
      headers: { 'if-modified-since': FIXTURE_LAST_MODIFIED },
    });
    expect(byDate.status).toBe(304);
  });

  it('serves files from the root with validators', async () => {
    const first = await fetcher.fetch(server.urlFor('/files/sample.rss'));
    expect(first.status).toBe(200);
    expect(text(first.body)).toBe(SAMPLE_RSS);
    expect(first.headers.get('content-type')).toBe('application/rss+xml');
    const etag = first.headers.get('etag') ?? '';
    const again = await fetcher.fetch(server.urlFor('/files/sample.rss'), {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    expect((await fetcher.fetch(server.urlFor('/files/../../etc/passwd'))).status).toBe(404);
  });

  it('returns 410, 429 and 503 with their headers instead of throwing', async () => {
    const gone = await fetcher.fetch(server.urlFor('/status/410'));
    expect(gone.status).toBe(410);
    const limited = await fetcher.fetch(server.urlFor('/status/429'));
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '120']);
    const down = await fetcher.fetch(server.urlFor('/status/503'));
    expect(down.status).toBe(503);
    expect(Date.parse(down.headers.get('retry-after') ?? '')).toBeGreaterThan(0);
    expect(text(down.body)).toBe('status 503');
  });

  it('answers HEAD without a body', async () => {
    const res = await fetcher.fetch(server.urlFor('/feed.xml'), { method: 'HEAD' });
    expect([res.status, res.body.length]).toEqual([200, 0]);
    expect(res.headers.get('etag')).toBe(FIXTURE_ETAG);
  });
});

describe('bodies, encodings and limits', () => {
  it.each(['/gzip', '/br', '/deflate', '/deflate-raw'])('decodes %s', async (path) => {
    const res = await fetcher.fetch(server.urlFor(path));
    expect(text(res.body)).toBe(ENCODED_TEXT);
  });

  it('applies the limit to decoded bytes', async () => {
    const decoded = Buffer.byteLength(ENCODED_TEXT);
    const res = await fetcher.fetch(server.urlFor('/gzip'), { maxBytes: decoded });
    expect(res.body.length).toBe(decoded);
    await failure(fetcher.fetch(server.urlFor('/gzip'), { maxBytes: decoded - 1 }), 'too_large');
  });

  it.each(['/bomb.gz', '/bomb.br', '/bomb-endless.gz'])(
    'cuts off the decompression bomb %s at the limit',
    async (path) => {
      const err = await failure(fetcher.fetch(server.urlFor(path)), 'too_large');
      expect(err.message).toBe(`fetch: ${server.urlFor(path)} is larger than 15 MB`);
    },
  );

  it('refuses oversized bodies, declared or not', async () => {
    await failure(fetcher.fetch(server.urlFor('/big')), 'too_large');
    await failure(fetcher.fetch(server.urlFor('/big?declared=1')), 'too_large');
    const exact = await fetcher.fetch(server.urlFor('/big?size=2048'), { maxBytes: 2048 });
    expect(exact.body.length).toBe(2048);
    await failure(fetcher.fetch(server.urlFor('/big?size=2048'), { maxBytes: 2047 }), 'too_large');
  });

  it('trusts framing, not lies: a short Content-Length ends the body, a long one fails', async () => {
    const short = await fetcher.fetch(server.urlFor('/length-lies-short'));
    expect(text(short.body)).toBe('bbbbbbbbbb');
    await failure(fetcher.fetch(server.urlFor('/length-lies-long')), 'network');
  });

  it('returns bytes untouched whatever the charset header says', async () => {
    const res = await fetcher.fetch(server.urlFor('/wrong-charset'));
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=iso-8859-1');
    expect(text(res.body)).toContain('<title>Café first</title>');
  });

  it('serves a page with feed links', async () => {
    const res = await fetcher.fetch(server.urlFor('/page.html'));
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(text(res.body)).toContain(
      '<link rel="alternate" type="application/rss+xml" title="Fixture RSS" href="/feed.xml">',
    );
  });
});

describe('failures', () => {
  it('times out when headers never come, or the body drips', async () => {
    const hang = await failure(
      fetcher.fetch(server.urlFor('/hang'), { timeoutMs: 500 }),
      'timeout',
    );
    expect(hang.message).toBe(`fetch: ${server.urlFor('/hang')} timed out after 500 ms`);
    await failure(fetcher.fetch(server.urlFor('/drip'), { timeoutMs: 500 }), 'timeout');
    await withFetcher({ allowNetworks: ['127.0.0.1/32'], timeoutMs: 500 }, async (quick) => {
      await failure(quick.fetch(server.urlFor('/drip')), 'timeout');
    });
  });

  it('rejects with the caller’s reason when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = fetcher.fetch(server.urlFor('/hang'), { signal: controller.signal });
    const reason = new Error('stop');
    setTimeout(() => controller.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
  });

  it('reports DNS, TLS and connection failures by code', async () => {
    const dns = await failure(fetcher.fetch('http://nonexistent.invalid/'), 'dns');
    expect(dns.message).toMatch(/^fetch: cannot resolve nonexistent\.invalid \(/);
    const tls = await failure(fetcher.fetch(`https://127.0.0.1:${server.port}/ok`), 'tls');
    expect(tls.message).toContain(`TLS with 127.0.0.1:${server.port} failed`);
    const port = await freePort();
    const refused = await failure(fetcher.fetch(`http://127.0.0.1:${port}/`), 'network');
    expect(refused.message).toContain('ECONNREFUSED');
  });
});

describe('requests', () => {
  it('sends the User-Agent, Accept-Encoding and caller headers, never a caller Host', async () => {
    const res = await fetcher.fetch(server.urlFor('/echo'), {
      headers: { Host: 'evil.example', 'X-Test': 'yes' },
    });
    const { headers } = echoOf(res.body);
    expect(headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(headers['x-test']).toBe('yes');
    expect(headers.host).toBe(`127.0.0.1:${server.port}`);
    await withFetcher({ allowNetworks: ['127.0.0.1/32'], userAgent: 'Test/1' }, async (f) => {
      expect(echoOf((await f.fetch(server.urlFor('/echo'))).body).headers['user-agent']).toBe(
        'Test/1',
      );
    });
  });

  it('queues on perOriginConnections sockets', async () => {
    await withFetcher({ allowNetworks: ['127.0.0.1/32'], perOriginConnections: 1 }, async (f) => {
      const all = await Promise.all([1, 2, 3].map(() => f.fetch(server.urlFor('/single'))));
      expect(all.map((r) => r.status)).toEqual([404, 404, 404]);
      const ports = server.requests('/single').map((r) => r.remotePort);
      expect(new Set(ports).size).toBe(1);
    });
  });

  it('reuses kept-alive connections', async () => {
    await withFetcher({ allowNetworks: ['127.0.0.1/32'] }, async (f) => {
      for (let i = 0; i < 6; i++) await f.fetch(server.urlFor('/keepalive'));
      const ports = server.requests('/keepalive').map((r) => r.remotePort);
      expect(ports).toHaveLength(6);
      // Sequential requests need at most two sockets: one may still be finishing the last one.
      expect(new Set(ports).size).toBeLessThanOrEqual(2);
    });
  });
});

describe('fixture server', () => {
  it('lets tests add exact and prefix routes that win over built-ins', async () => {
    server.route('/ok', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('overridden');
    });
    server.route('/custom/*', (req, res, url) =>
      sendWithValidators(req, res, { body: `custom ${url.pathname}`, etag: '"c1"' }),
    );
    try {
      expect(text((await fetcher.fetch(server.urlFor('/ok'))).body)).toBe('overridden');
      const custom = await fetcher.fetch(server.urlFor('/custom/a/b?x=1'));
      expect([custom.status, text(custom.body)]).toEqual([200, 'custom /custom/a/b']);
      const again = await fetcher.fetch(server.urlFor('/custom/a/b'), {
        headers: { 'if-none-match': '"c1"' },
      });
      expect(again.status).toBe(304);
      expect(server.hits('/custom/a/b')).toBe(2);
      expect(server.requests('/custom/a/b')[0]?.search).toBe('?x=1');
      expect(server.requests('/custom/a/b')[1]?.headers['if-none-match']).toBe('"c1"');
    } finally {
      server.route('/ok', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('ok');
      });
    }
  });
});
