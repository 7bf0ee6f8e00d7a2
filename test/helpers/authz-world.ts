/**
 * Two users on a real server for the authorisation matrix: Ada, the admin, owns one object of
 * every kind a route can name (feed and mailbox sources, a feed item and a mail item, a
 * checkpoint, a rule, an API token, an own address, an intake token, an OPML and an import job,
 * a private feed); Bob is a member with nothing of hers. Everything runs for real: the app on
 * 127.0.0.1, a fixture site serving Ada's feed, the mail stored as the SMTP intake stores it.
 *
 * @example
 * const w = await startAuthzWorld('sqlite');
 * await w.bob.api('GET', `/api/v1/items/${w.owned.item}`); // 404
 * await w.close();
 */
import { readFileSync } from 'node:fs';
import { vi } from 'vitest';
import type { DialectName } from '../../src/db/connect.ts';
import { insertSource } from '../../src/db/repos/sources.ts';
import { acceptInvite, completeSetup, createInvite } from '../../src/services/accounts/accounts.ts';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { buildDueCheckpoints } from '../../src/services/checkpoints/checkpoints.ts';
import { getFeedToken } from '../../src/services/checkpoints/feed-tokens.ts';
import { addRule } from '../../src/services/checkpoints/rules.ts';
import { createIntakeToken } from '../../src/services/intake/intake-tokens.ts';
import { createMailAddress } from '../../src/services/mail/mail-addresses.ts';
import { encryptPassword } from '../../src/services/mail/mail-config.ts';
import { deliverMail } from '../../src/services/mail/mail-intake.ts';
import { subscribe } from '../../src/services/sources/sources.ts';
import { TestClock } from './clock.ts';
import { openTestApp, type TestApp } from './db.ts';
import { HttpSession, PASSWORD } from './e2e.ts';
import { rss } from './feeds.ts';
import { type FixtureServer, startFixtureServer } from './fixture-server.ts';
import { type RunningHttp, serveHttpApp } from './http-app.ts';
import { userSnapshot } from './user-snapshot.ts';

export const ADA = 'ada@example.org';
export const BOB = 'bob@example.org';
const TZ = 'Europe/Amsterdam';
/** Monday 12:30 in Amsterdam: the default schedule's first checkpoint is due. */
const FIRST_DUE = '2026-03-02T11:30:00Z';

/** The kinds of Ada's objects a route can name, and their ids. */
export interface Owned {
  feedSource: number;
  imapSource: number;
  item: number;
  mailItem: number;
  checkpoint: number;
  rule: number;
  apiToken: number;
  address: number;
  intakeToken: number;
  opmlJob: string;
  importJob: string;
}
export type OwnedKind = keyof Owned;

/** A user of the world: a logged-in browser-like session and a bearer token for the API. */
export interface Actor {
  id: number;
  session: HttpSession;
  token: string;
  /** An API request with the actor's bearer token (JSON body when given). */
  api(method: string, path: string, body?: unknown): Promise<Response>;
}

export interface AuthzWorld {
  test: TestApp;
  url: string;
  ada: Actor;
  bob: Actor;
  owned: Owned;
  /** Ada's intake token and the file name of her private feed (`<token>.atom`). */
  adaIntakeToken: string;
  adaFeedFile: string;
  /** Text only Ada's data contains: none may appear in what Bob is shown. */
  adaMarks: string[];
  /** Every row of Ada's (and the user list): equal before and after a walk that must change nothing. */
  adaSnapshot(): Promise<unknown>;
  close(): Promise<void>;
}

const MAIL = readFileSync(new URL('../fixtures/email/own/one-click.eml', import.meta.url));

/** A user of the world with a session and an API token of their own. */
async function actor(t: TestApp, url: string, id: number, session: HttpSession): Promise<Actor> {
  const { token } = await createApiToken(t.app.db.kysely, t.app.clock, id, 'matrix api');
  return {
    id,
    session,
    token,
    api: (method, path, body) =>
      fetch(`${url}${path}`, {
        method,
        redirect: 'manual',
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}

async function login(url: string, email: string): Promise<HttpSession> {
  const session = new HttpSession(url);
  const response = await session.login(email, PASSWORD);
  if (response.status !== 303) throw new Error(`authz-world: ${email} could not log in`);
  return session;
}

/** Starts a UI job of Ada's (OPML or import upload) and waits until it finished. */
async function uploadJob(ada: HttpSession, path: string, file: File, extra = {}): Promise<string> {
  const form = new FormData();
  form.set('file', file);
  for (const [key, value] of Object.entries(extra)) form.set(key, String(value));
  const started = await ada.request('POST', path, {
    multipart: form,
    headers: { accept: 'application/json' },
  });
  if (started.status !== 200) throw new Error(`authz-world: ${path} answered ${started.status}`);
  const { job } = (await started.json()) as { job: string };
  await vi.waitFor(async () => {
    const progress = (await (await ada.get(`${path}/${job}`)).json()) as { finished: boolean };
    if (!progress.finished) throw new Error(`authz-world: ${path} still running`);
  });
  return job;
}

/** Ada's mailbox source, stored as `addImapSource` stores one (no IMAP server is contacted). */
async function imapSource(t: TestApp, userId: number): Promise<number> {
  const config = {
    host: 'imap.ada.example',
    port: 993,
    tls: 'tls',
    user: 'ada-mailbox',
    password: encryptPassword('ada imap password', t.app.config.secret),
    folder: 'INBOX',
    moveTo: null,
    senders: [],
    sinceDays: 30,
    remoteImages: 'block',
  };
  const now = t.app.clock.now().getTime();
  const row = await insertSource(t.app.db.kysely, {
    user_id: userId,
    kind: 'imap',
    name: 'Ada’s mailbox',
    url: 'imaps://ada-mailbox@imap.ada.example:993/INBOX',
    config: JSON.stringify(config),
    interval_minutes: 60,
    next_check_at: now + 86_400_000,
    created_at: now,
  });
  return row.id;
}

/** The feed, the mail and the rest of Ada's things made through the services. */
async function adaObjects(t: TestApp, site: FixtureServer, adaId: number) {
  const { app } = t;
  const subscribed = await subscribe(app, adaId, site.urlFor('/ada/feed.xml'));
  if (subscribed.status !== 'subscribed') throw new Error('authz-world: no feed source');
  const address = await createMailAddress(app, adaId, { label: 'ada letters' });
  const [mailItem] = await deliverMail(app, {
    raw: MAIL,
    localParts: [address.localPart],
    auth: {
      spf: { result: 'none', domain: null },
      dkim: [],
      dmarc: { result: 'none', domain: null, policy: null },
      summary: 'spf=none dmarc=none',
    },
  });
  const rule = await addRule(app, adaId, {
    name: 'Ada’s quayside rule',
    when: [{ field: 'title', op: 'contains', value: 'quayside' }],
    action: 'boost',
    amount: 5,
  });
  const item = await app.db.kysely
    .selectFrom('items')
    .select('id')
    .where('source_id', '=', subscribed.source.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const checkpoint = (await buildDueCheckpoints(app)).find((b) => b.userId === adaId);
  const intake = await createIntakeToken(app, adaId, 'ada intake');
  const owned: Omit<Owned, 'opmlJob' | 'importJob'> = {
    feedSource: subscribed.source.id,
    imapSource: await imapSource(t, adaId),
    item: item.id,
    mailItem: mailItem!,
    checkpoint: checkpoint!.checkpoint.id,
    rule: rule.id,
    apiToken: (await createApiToken(app.db.kysely, app.clock, adaId, 'ada token')).row.id,
    address: address.id,
    intakeToken: intake.view.id,
  };
  return { owned, intakeToken: intake.token, feedUrl: (await getFeedToken(app, adaId)).url };
}

/** Ada's jobs of the web app (kept in memory, so started through it): OPML and a chat import. */
async function adaJobs(ada: HttpSession): Promise<Pick<Owned, 'opmlJob' | 'importJob'>> {
  const opml = '<opml version="2.0"><body></body></opml>';
  const chat = '31/12/2023, 22:59 - Ann: Ada’s chat about lanterns\n';
  return {
    opmlJob: await uploadJob(
      ada,
      '/sources/opml',
      new File([opml], 'ada.opml', { type: 'text/x-opml' }),
    ),
    importJob: await uploadJob(
      ada,
      '/sources/imports',
      new File([chat], 'WhatsApp Chat with Ann.txt', { type: 'text/plain' }),
      { tz: TZ },
    ),
  };
}

/** Ada (the admin, set up as on a first start) and Bob, a member she invited. */
async function twoUsers(t: TestApp): Promise<{ adaId: number; bobId: number }> {
  const admin = await completeSetup(t.app, {
    email: ADA,
    password: PASSWORD,
    tz: TZ,
    locale: 'en',
    suggestedRule: true,
  });
  const invite = await createInvite(t.app, admin, 'member');
  const bob = await acceptInvite(t.app, invite.url.split('/').at(-1)!, {
    email: BOB,
    password: PASSWORD,
    tz: TZ,
    locale: 'en',
  });
  return { adaId: admin.id, bobId: bob.id };
}

/** Ada's feed on the fixture site. */
function adaFeed(site: FixtureServer): void {
  site.route('/ada/feed.xml', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(
      rss('Ada Harbour Journal', [
        { guid: 'a1', title: 'Quayside lanterns return', date: 'Mon, 02 Mar 2026 06:00:00 GMT' },
        { guid: 'a2', title: 'Ferry timetable for spring', date: 'Sun, 01 Mar 2026 09:00:00 GMT' },
      ]),
    );
  });
}

/** Text of Ada's things that no page or answer for Bob may contain. */
const ADA_MARKS = [
  ADA,
  'Ada Harbour Journal',
  'Quayside lanterns return',
  'Spring sale starts today',
  'Ada’s mailbox',
  'imap.ada.example',
  'Ada’s quayside rule',
  'ada token',
  'ada letters',
  'ada intake',
  'Ada’s chat about lanterns',
];

/**
 * Starts the world on a fresh database of the dialect (see the file comment for what is in it).
 */
export async function startAuthzWorld(dialect: DialectName): Promise<AuthzWorld> {
  const clock = new TestClock('2026-03-02T07:00:00Z');
  const test = await openTestApp(dialect, {
    clock,
    env: { CHECKPOINT_MAIL_DOMAIN: 'in.checkpoint.test' },
  });
  const site = await startFixtureServer();
  adaFeed(site);
  let http: RunningHttp | undefined;
  try {
    const { adaId, bobId } = await twoUsers(test);
    clock.set(FIRST_DUE);
    const made = await adaObjects(test, site, adaId);
    http = await serveHttpApp(test.app);
    const { url } = http;
    const adaSession = await login(url, ADA);
    const running = http;
    return {
      test,
      url,
      ada: await actor(test, url, adaId, adaSession),
      bob: await actor(test, url, bobId, await login(url, BOB)),
      owned: { ...made.owned, ...(await adaJobs(adaSession)) },
      adaIntakeToken: made.intakeToken,
      adaFeedFile: made.feedUrl.split('/').at(-1)!,
      adaMarks: [...ADA_MARKS, made.intakeToken, made.feedUrl],
      adaSnapshot: () => userSnapshot(test.app.db.kysely, adaId),
      async close() {
        await running.close();
        await site.close();
        await test.cleanup();
      },
    };
  } catch (error) {
    await http?.close();
    await site.close();
    await test.cleanup();
    throw error;
  }
}
