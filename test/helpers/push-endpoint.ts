/**
 * A local Web Push service on 127.0.0.1 (random port), for testing what we send the way a
 * browser vendor's push service and the browser would see it:
 *
 * - `subscribe(applicationServerKey)` makes a subscription as a browser does (ECDH P-256 key
 *   pair + 16-byte auth secret, RFC 8291 §2), with endpoint `http://127.0.0.1:<port>/push/<id>`.
 * - `POST /push/<id>` checks the VAPID header (RFC 8292: `vapid t=<jwt>, k=<key>`, ES256
 *   signature, `aud` = this origin, `exp` within 24 hours, `sub` mailto:/https:, `k` = the key
 *   the subscription was made with), checks `TTL` and `Content-Encoding: aes128gcm`, then
 *   DECRYPTS the body (RFC 8188 + RFC 8291) with the subscription's private key and auth secret.
 *   Accepted messages are recorded in `received` (201); anything wrong is recorded in
 *   `rejected` with the reason and answered 400/401/403.
 * - `answer(endpoint, 404 | 410)` makes the service say a subscription is gone.
 *
 * @example
 * const push = await startPushEndpoint();
 * const sub = push.subscribe((await vapidKeys(app)).publicKey);
 * await saveSubscription(app, user.id, sub, 'test');
 * await sendWebPush(app, user.id, notice);
 * expect(push.received[0]?.json).toMatchObject({ title: notice.title });
 */
import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  type ECDH,
  hkdfSync,
  randomBytes,
  verify,
} from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What `PushSubscription.toJSON()` gives a page. */
export interface BrowserSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface ReceivedPush {
  endpoint: string;
  headers: IncomingHttpHeaders;
  /** Verified VAPID claims. */
  claims: { aud: string; exp: number; sub: string };
  /** Number of RFC 8188 records the body had. */
  records: number;
  plaintext: string;
  /** `plaintext` parsed as JSON (null when it is not JSON). */
  json: unknown;
}

export interface RejectedPush {
  endpoint: string;
  status: number;
  reason: string;
}

export interface PushEndpoint {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  subscribe(applicationServerKey: string): BrowserSubscription;
  /** From now on, answer every push to this subscription with `status` (201 = accept). */
  answer(endpoint: string, status: 201 | 404 | 410): void;
  readonly received: ReceivedPush[];
  readonly rejected: RejectedPush[];
  close(): Promise<void>;
}

interface Subscriber {
  ecdh: ECDH;
  publicKey: Buffer;
  auth: Buffer;
  applicationServerKey: string;
  status: 201 | 404 | 410;
}

class Reject extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const b64u = (bytes: Buffer) => bytes.toString('base64url');

/** Starts the push service on 127.0.0.1 and a random free port. */
export async function startPushEndpoint(): Promise<PushEndpoint> {
  const subscribers = new Map<string, Subscriber>();
  const received: ReceivedPush[] = [];
  const rejected: RejectedPush[] = [];
  let origin = '';

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const endpoint = `${origin}${path}`;
    const id = /^\/push\/([A-Za-z0-9_-]+)$/.exec(path)?.[1];
    const sub = id === undefined ? undefined : subscribers.get(id);
    const body = await readBody(req);
    try {
      if (req.method !== 'POST') throw new Reject(405, `method ${req.method}`);
      if (!sub) throw new Reject(404, 'no such subscription');
      if (sub.status !== 201) {
        res.writeHead(sub.status).end();
        return;
      }
      const claims = verifyVapid(req.headers, origin, sub.applicationServerKey);
      if (!/^\d+$/.test(String(req.headers.ttl ?? ''))) throw new Reject(400, 'TTL header missing');
      if (req.headers['content-encoding'] !== 'aes128gcm') {
        throw new Reject(415, `Content-Encoding ${req.headers['content-encoding']}`);
      }
      const { plaintext, records } = decryptAes128gcm(body, sub);
      let json: unknown = null;
      try {
        json = JSON.parse(plaintext);
      } catch {}
      received.push({ endpoint, headers: req.headers, claims, records, plaintext, json });
      res.writeHead(201, { location: `${origin}/message/${received.length}` }).end();
    } catch (error) {
      const status = error instanceof Reject ? error.status : 400;
      rejected.push({ endpoint, status, reason: (error as Error).message });
      res.writeHead(status, { 'content-type': 'text/plain' }).end((error as Error).message);
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    received,
    rejected,
    subscribe(applicationServerKey) {
      const ecdh = createECDH('prime256v1');
      const publicKey = ecdh.generateKeys();
      const auth = randomBytes(16);
      const id = b64u(randomBytes(12));
      subscribers.set(id, { ecdh, publicKey, auth, applicationServerKey, status: 201 });
      return {
        endpoint: `${origin}/push/${id}`,
        keys: { p256dh: b64u(publicKey), auth: b64u(auth) },
      };
    },
    answer(endpoint, status) {
      const sub = subscribers.get(endpoint.slice(endpoint.lastIndexOf('/') + 1));
      if (!sub) throw new Error(`push-endpoint: unknown subscription ${endpoint}`);
      sub.status = status;
    },
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((err) => (err ? fail(err) : done()));
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** RFC 8292 §2–§4: checks `Authorization: vapid t=<jwt>, k=<public key>`. */
function verifyVapid(
  headers: IncomingHttpHeaders,
  audience: string,
  applicationServerKey: string,
): ReceivedPush['claims'] {
  const auth = headers.authorization ?? '';
  const match = /^vapid\s+(.+)$/i.exec(auth);
  if (!match?.[1]) throw new Reject(401, `no VAPID Authorization header (got "${auth}")`);
  const params = new Map(
    match[1].split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const jwt = params.get('t');
  const key = params.get('k');
  if (!jwt || !key) throw new Reject(401, 'VAPID header needs t= and k=');
  // RFC 8292 §4.2: the key must be the one the subscription was made with.
  if (key !== applicationServerKey) throw new Reject(403, 'VAPID key is not the subscription’s');
  const point = Buffer.from(key, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Reject(401, 'VAPID k is not a P-256 point');
  const publicKey = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64u(point.subarray(1, 33)), y: b64u(point.subarray(33)) },
    format: 'jwk',
  });
  const [head, payload, signature] = jwt.split('.');
  if (!head || !payload || !signature) throw new Reject(401, 'VAPID t is not a JWS');
  const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string };
  if (header.alg !== 'ES256') throw new Reject(401, `JWT alg ${header.alg}, want ES256`);
  const valid = verify(
    'sha256',
    Buffer.from(`${head}.${payload}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!valid) throw new Reject(401, 'JWT signature does not verify');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    aud: string;
    exp: number;
    sub: string;
  };
  if (claims.aud !== audience) throw new Reject(403, `JWT aud ${claims.aud}, want ${audience}`);
  const now = Date.now() / 1000;
  if (!(claims.exp > now && claims.exp <= now + 24 * 3600)) {
    throw new Reject(403, `JWT exp ${claims.exp} is not within the next 24 hours`);
  }
  if (!/^(mailto:|https:)/.test(claims.sub ?? '')) throw new Reject(403, `JWT sub ${claims.sub}`);
  return claims;
}

const info = (text: string) => Buffer.from(`${text}\0`, 'latin1');

/** RFC 8188 §2 with the key derivation of RFC 8291 §3.3–§3.4. */
function decryptAes128gcm(body: Buffer, sub: Subscriber): { plaintext: string; records: number } {
  if (body.length < 21) throw new Reject(400, 'body shorter than the aes128gcm header');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  if (rs < 18) throw new Reject(400, `record size ${rs} below 18`);
  // RFC 8291 §4: keyid is the application server's ephemeral public key.
  if (idlen !== 65) throw new Reject(400, `keyid of ${idlen} bytes, want 65`);
  const serverKey = body.subarray(21, 21 + idlen);
  const data = body.subarray(21 + idlen);
  const ecdhSecret = sub.ecdh.computeSecret(serverKey);
  const keyInfo = Buffer.concat([info('WebPush: info'), sub.publicKey, serverKey]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, sub.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, info('Content-Encoding: aes128gcm'), 16));
  const nonceBase = Buffer.from(hkdfSync('sha256', ikm, salt, info('Content-Encoding: nonce'), 12));
  const parts: Buffer[] = [];
  let records = 0;
  for (let offset = 0; offset < data.length; offset += rs, records++) {
    const record = data.subarray(offset, offset + rs);
    const last = offset + rs >= data.length;
    if (record.length <= 16) throw new Reject(400, `record ${records} too short`);
    // §2.3: the nonce is NONCE XOR the record's sequence number (big-endian, 96 bits).
    const nonce = Buffer.from(nonceBase);
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ records) >>> 0, 8);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    let plain: Buffer;
    try {
      plain = Buffer.concat([
        decipher.update(record.subarray(0, record.length - 16)),
        decipher.final(),
      ]);
    } catch {
      throw new Reject(400, `record ${records} does not decrypt (wrong keys or tampered)`);
    }
    // §2: data, then a delimiter (2 in the last record, 1 before), then zero padding.
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end--;
    const delimiter = plain[end];
    if (delimiter !== (last ? 2 : 1))
      throw new Reject(400, `record ${records}: bad padding delimiter ${delimiter}`);
    parts.push(plain.subarray(0, end));
  }
  if (records === 0) throw new Reject(400, 'no records');
  return { plaintext: Buffer.concat(parts).toString('utf8'), records };
}
