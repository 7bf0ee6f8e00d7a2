import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ledgerDays } from '../../src/services/checkpoints/ledger.ts';
import { addRule } from '../../src/services/checkpoints/rules.ts';
import { getSchedule, setSchedule } from '../../src/services/checkpoints/schedules.ts';
import { DAY, draft, openWorld, type World } from '../helpers/checkpoint-world.ts';
import { DIALECTS } from '../helpers/db.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';

interface Published {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Decodes one RFC 2047 B-encoded word (what ntfy does with such a header). */
function decodeWord(value: string): string {
  const match = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=$/i.exec(value);
  if (!match?.[1]) throw new Error(`not an encoded-word: ${value}`);
  return Buffer.from(match[1], 'base64').toString('utf8');
}

const urgentRule = (topic: string, perHour?: number) => ({
  name: 'Urgent',
  when: [{ field: 'priority', op: 'gte', value: 5 }],
  action: 'breakthrough',
  deliver: { ntfy: topic },
  ...(perHour ? { perHour } : {}),
});

describe.each(DIALECTS)('ntfy forward on %s', (dialect) => {
  let server: FixtureServer;
  let published: Published[];
  let status: number;
  let w: World;

  beforeAll(async () => {
    server = await startFixtureServer();
    server.route('/ntfy/topic', async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      published.push({
        method: req.method ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"id":"x"}');
    });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    published = [];
    status = 200;
  });
  afterEach(async () => {
    await w?.cleanup();
  });

  const topic = () => server.urlFor('/ntfy/topic');
  const today = async () => (await ledgerDays(w.app, w.user, DAY, DAY))[0]!;

  it('publishes a breakthrough in ntfy’s shape, with a non-ASCII title RFC 2047-encoded', async () => {
    w = await openWorld(dialect);
    await addRule(w.app, w.user.id, urgentRule(topic()));
    const phone = await w.source('Phone', 'ntfy');
    await w.ingest(phone, [
      draft('p1', 'Café brûlé — alarm 🔥', {
        kind: 'notification',
        priority: 5,
        url: 'https://alerts.example/1?x=ä',
        contentHtml: 'Kitchen on fire',
        summary: 'Kitchen on fire',
      }),
      draft('p2', 'Backup done', { kind: 'notification', priority: 3 }),
    ]);
    expect(published).toHaveLength(1);
    const [sent] = published;
    expect(sent!.method).toBe('POST');
    expect(sent!.body).toBe('Kitchen on fire');
    expect(sent!.headers['content-type']).toBe('text/plain; charset=utf-8');
    const title = String(sent!.headers.title);
    expect(title).toMatch(/^=\?UTF-8\?B\?/);
    expect(decodeWord(title)).toBe('Café brûlé — alarm 🔥');
    expect(sent!.headers.priority).toBe('5');
    expect(sent!.headers.tags).toBe('checkpoint,breakthrough');
    expect(sent!.headers.click).toBe('https://alerts.example/1?x=%C3%A4');

    expect(await w.ledgerCount('breakthrough')).toBe(1);
    expect(await today()).toMatchObject({ breakthroughs: 1, interruptions: 1, pushesReceived: 2 });
  });

  it('holds matches over the rule’s perHour cap, until the hour has passed', async () => {
    w = await openWorld(dialect);
    await addRule(w.app, w.user.id, urgentRule(topic(), 2));
    const phone = await w.source('Phone', 'ntfy');
    const urgent = (id: string) => draft(id, `Alert ${id}`, { kind: 'notification', priority: 5 });
    await w.ingest(phone, [urgent('a1'), urgent('a2'), urgent('a3')]);
    expect(published.map((p) => p.headers.title)).toEqual(['Alert a1', 'Alert a2']);
    expect(await w.ledgerCount('breakthrough.held')).toBe(1);

    w.clock.advance(30 * 60_000);
    await w.ingest(phone, [urgent('a4')]);
    expect(published).toHaveLength(2);
    expect(await w.ledgerCount('breakthrough.held')).toBe(2);

    w.clock.advance(31 * 60_000);
    await w.ingest(phone, [urgent('a5')]);
    expect(published.map((p) => p.headers.title)).toEqual(['Alert a1', 'Alert a2', 'Alert a5']);
    expect(await today()).toMatchObject({ breakthroughs: 3, interruptions: 3, pushesReceived: 5 });
  });

  it('keeps the perHour cap when several sources ingest at the same time', async () => {
    w = await openWorld(dialect);
    await addRule(w.app, w.user.id, urgentRule(topic(), 3));
    const phones = await Promise.all(['Phone', 'Tablet', 'Watch'].map((n) => w.source(n, 'ntfy')));
    const urgent = (id: string) => draft(id, `Alert ${id}`, { kind: 'notification', priority: 5 });
    // Three ingests in flight at once, as one fetch cycle or three processes would run them.
    await Promise.all(
      phones.map((p, i) => w.ingest(p, [urgent(`${i}a`), urgent(`${i}b`), urgent(`${i}c`)])),
    );
    expect(published).toHaveLength(3);
    expect(await w.ledgerCount('breakthrough')).toBe(3);
    expect(await w.ledgerCount('breakthrough.held')).toBe(6);
    expect(await today()).toMatchObject({ breakthroughs: 3, pushesReceived: 9 });
  });

  it('records a failing endpoint as breakthrough.failed, not as an interruption', async () => {
    w = await openWorld(dialect);
    status = 500;
    const protectedTopic = topic().replace('http://', 'http://me:s3cret@');
    await addRule(w.app, w.user.id, urgentRule(protectedTopic));
    const phone = await w.source('Phone', 'ntfy');
    await w.ingest(phone, [draft('p1', 'Server down', { kind: 'notification', priority: 5 })]);
    expect(published).toHaveLength(1);
    expect(published[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('me:s3cret').toString('base64')}`,
    );
    expect(await w.ledgerCount('breakthrough.failed')).toBe(1);
    const failed = await w.app.db.kysely
      .selectFrom('ledger_events')
      .select('data')
      .where('type', '=', 'breakthrough.failed')
      .executeTakeFirstOrThrow();
    expect(failed.data).toContain('answered HTTP 500');
    expect(failed.data).not.toContain('s3cret');
    expect(await w.ledgerCount('breakthrough')).toBe(0);
    expect(await today()).toMatchObject({ breakthroughs: 0, interruptions: 0, pushesReceived: 1 });
  });

  it('refuses a topic the SSRF guard does not allow (127.0.0.2)', async () => {
    w = await openWorld(dialect);
    await addRule(w.app, w.user.id, urgentRule(server.urlFor('/ntfy/topic', '127.0.0.2')));
    const phone = await w.source('Phone', 'ntfy');
    await w.ingest(phone, [draft('p1', 'Server down', { kind: 'notification', priority: 5 })]);
    expect(published).toHaveLength(0);
    const failed = await w.app.db.kysely
      .selectFrom('ledger_events')
      .select('data')
      .where('type', '=', 'breakthrough.failed')
      .executeTakeFirstOrThrow();
    expect((JSON.parse(failed.data) as { errors: string[] }).errors.join(' ')).toMatch(
      /127\.0\.0\.2 is a loopback address \(blocked\)/,
    );
    expect(await today()).toMatchObject({ breakthroughs: 0, interruptions: 0 });
  });

  it('refuses notice channels that cannot work before storing them', async () => {
    w = await openWorld(dialect);
    for (const notify of [
      [{ ntfy: 'file:///etc/passwd' }],
      [{ email: 'a@b.example, c@d.example' }],
    ]) {
      await expect(setSchedule(w.app, w.user, { notify })).rejects.toThrow(/^notice: /);
    }
    expect((await getSchedule(w.app, w.user)).notify).toEqual([]);
  });

  it('forwards the one notice of a checkpoint', async () => {
    w = await openWorld(dialect, { notify: [{ ntfy: topic() }] });
    const news = await w.source('Example News');
    await w.ingest(news, [draft('n1', 'First story'), draft('n2', 'Second story')]);
    expect(published).toHaveLength(0);
    const [built] = await w.buildAtDue();
    expect(built?.notices).toEqual(['ntfy']);
    expect(published).toHaveLength(1);
    const [sent] = published;
    const minutes = Math.max(1, Math.round(built!.checkpoint.totalSeconds / 60));
    expect(sent!.body).toBe(`2 items, ~${minutes} min`);
    expect(sent!.headers.title).toBe('Your 12:30 checkpoint is ready');
    expect(sent!.headers.priority).toBe('3');
    expect(sent!.headers.tags).toBe('checkpoint');
    expect(sent!.headers.click).toBe('http://localhost:8080/checkpoint');
    expect(await w.ledgerCount('checkpoint.notice')).toBe(1);
    expect(await today()).toMatchObject({ checkpointNotices: 1, interruptions: 1 });
  });
});
