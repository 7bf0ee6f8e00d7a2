/**
 * Every route bounds what it reads (issue "Hardening" 1): a declared body over the limit is
 * answered 413 before it is read, an undeclared (chunked) one as soon as it passes the limit,
 * anonymous or not, and the connection is closed so the sender stops.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import { openTestApp, type TestApp } from '../helpers/db.ts';
import { type RunningHttp, serveHttpApp } from '../helpers/http-app.ts';

interface RawAnswer {
  head: string;
  /** Whether the server closed the connection. */
  closed: boolean;
  /** Body bytes we had written when the answer came. */
  sent: number;
}

/**
 * Declares `declared` bytes, writes them slowly in 16 KB pieces, and stops writing as soon as
 * an answer arrives: what the server answered, and after how much.
 */
function rawPost(
  url: string,
  path: string,
  declared: number,
  headers = 'Content-Type: application/x-www-form-urlencoded\r\n',
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let head = '';
    let sent = 0;
    let closed = false;
    const piece = Buffer.alloc(16 * 1024, 'a');
    const timer = setInterval(() => {
      if (head || sent >= declared || socket.destroyed) return;
      socket.write(piece);
      sent += piece.length;
    }, 5);
    const done = () => {
      clearInterval(timer);
      resolve({ head, closed, sent });
    };
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      head += d;
    });
    socket.on('error', () => {}); // a reset after the 413 is the point
    socket.on('close', () => {
      closed = true;
      done();
    });
    socket.setTimeout(15_000, () => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error(`no answer after ${sent} bytes: ${head}`));
    });
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
        `${headers}Content-Length: ${declared}\r\n\r\n`,
    );
  });
}

/** A body of `total` bytes sent chunked (no Content-Length), as a stream. */
function chunked(total: number, piece = 8 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      controller.enqueue(new Uint8Array(piece).fill(97));
      sent += piece;
    },
  });
}

describe('request body limits over real HTTP', () => {
  let t: TestApp;
  let http: RunningHttp;
  let token: string;

  beforeAll(async () => {
    t = await openTestApp('sqlite');
    http = await serveHttpApp(t.app);
    const user = await resolveUser(t.app.db.kysely, undefined);
    token = (await createApiToken(t.app.db.kysely, t.app.clock, user.id, 'limits')).token;
  });
  afterAll(async () => {
    await http.close();
    await t.cleanup();
  });

  it.each(['/login', '/setup', '/invite/abc'])(
    'a declared 100 MB form POST to %s is a 413 before the body is read, and the connection closes',
    async (path) => {
      const answer = await rawPost(http.url, path, 100 * 1024 * 1024);
      expect(answer.head).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer.head).toContain('"code":"too_large"');
      expect(answer.head).toContain('a form may be at most 64 KB');
      expect(answer.closed).toBe(true);
      // The server did not wait for the body: far less than the declared size was written.
      expect(answer.sent).toBeLessThan(10 * 1024 * 1024);
    },
  );

  it('a chunked form body is cut off at 64 KB with the same 413', async () => {
    const res = await fetch(`${http.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: chunked(1024 * 1024),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_large');
  });

  it('a form under the limit reaches the CSRF check as before (403, not 413)', async () => {
    const res = await fetch(`${http.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a%40example.org&password=x&_csrf=wrong',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
  });

  it('the JSON API takes at most 1 MB, declared or chunked, with or without a token', async () => {
    const big = JSON.stringify({ url: `https://example.org/${'a'.repeat(2 * 1024 * 1024)}` });
    for (const authorization of [`Bearer ${token}`, undefined]) {
      const res = await fetch(`${http.url}/api/v1/sources`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: big,
      });
      expect(res.status).toBe(413);
      const error = ((await res.json()) as { error: { code: string; message: string } }).error;
      expect(error).toEqual({
        code: 'too_large',
        message: 'http: a JSON body may be at most 1 MB',
      });
    }
    const streamed = await fetch(`${http.url}/api/v1/sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: chunked(3 * 1024 * 1024),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('an OPML upload may be 5 MB, no more', async () => {
    const declared = await rawPost(
      http.url,
      '/api/v1/opml',
      6 * 1024 * 1024,
      `Content-Type: text/x-opml\r\nAuthorization: Bearer ${token}\r\n`,
    );
    expect(declared.head).toMatch(/^HTTP\/1\.1 413 /);
    expect(declared.head).toContain('http: an OPML document may be at most 5 MB');
    const streamed = await fetch(`${http.url}/api/v1/opml`, {
      method: 'POST',
      headers: { 'content-type': 'text/x-opml', authorization: `Bearer ${token}` },
      body: chunked(6 * 1024 * 1024),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    const small = await fetch(`${http.url}/api/v1/opml`, {
      method: 'POST',
      headers: { 'content-type': 'text/x-opml', authorization: `Bearer ${token}` },
      body: '<opml version="2.0"><body><outline xmlUrl="http://127.0.0.1:9/feed.xml"/></body></opml>',
    });
    expect(small.status).toBe(200);
    expect(((await small.json()) as { added: number }).added).toBe(1);
  });
});
