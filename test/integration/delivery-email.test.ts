import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addRule } from '../../src/services/checkpoints/rules.ts';
import { draft, openWorld, type World } from '../helpers/checkpoint-world.ts';
import { DIALECTS } from '../helpers/db.ts';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.ts';

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe.each(DIALECTS)('digest e-mail on %s', (dialect) => {
  let sink: SmtpSink;
  let w: World;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });
  beforeEach(() => {
    sink.messages.length = 0;
  });
  afterEach(async () => {
    await w?.cleanup();
  });

  const world = (notify: { email: string }[]) =>
    openWorld(dialect, { notify, env: { CHECKPOINT_SMTP_URL: sink.url } });

  it('sends one digest with HTML and plain-text parts at checkpoint time', async () => {
    w = await world([{ email: 'me@example.org' }]);
    const news = await w.source('Example News');
    const letters = await w.source('Letters & <Notes>');
    await w.ingest(news, [
      draft('n1', 'Rust 1.80 released', { url: 'https://news.example/rust' }),
      draft('n2', 'A "quoted" <script>alert(1)</script> title', {
        url: 'https://news.example/x?a=1&b=2',
      }),
    ]);
    await w.ingest(letters, [
      draft('l1', 'Weekly letter', { url: 'https://letters.example/42', kind: 'newsletter' }),
    ]);
    expect(sink.messages).toHaveLength(0); // nothing goes out when items arrive

    const [built] = await w.buildAtDue();
    expect(built?.checkpoint.itemCount).toBe(3);
    expect(built?.notices).toEqual(['email']);
    expect(sink.messages).toHaveLength(1);
    const mail = sink.messages[0]!;
    expect(mail.rcptTo).toEqual(['me@example.org']);
    expect(mail.mailFrom).toBe('checkpoint@localhost');
    const minutes = Math.max(1, Math.round(built!.checkpoint.totalSeconds / 60));
    expect(mail.parsed.subject).toBe(`Your 12:30 checkpoint is ready (3 items, ~${minutes} min)`);

    const html = mail.parsed.html || '';
    const text = mail.parsed.text ?? '';
    expect(html).not.toBe('');
    expect(text).not.toBe('');
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toMatch(/<a href="https:\/\/news\.example\/rust"[^>]*>Rust 1\.80 released<\/a>/);
    expect(html).toMatch(/<a href="https:\/\/letters\.example\/42"[^>]*>Weekly letter<\/a>/);
    expect(html).toContain('href="https://news.example/x?a=1&amp;b=2"');
    expect(html).toContain('A &quot;quoted&quot; &lt;script&gt;alert(1)&lt;/script&gt; title');
    expect(html).not.toContain('<script');
    expect(html).toContain('Letters &amp; &lt;Notes&gt;</h2>');
    expect(html).toContain('href="http://localhost:8080/checkpoint"');
    expect(text).toContain('Your 12:30 checkpoint is ready — 3 items');
    expect(text).toContain('- Rust 1.80 released [');
    expect(text).toContain('  https://news.example/rust');
    expect(text).toContain('- A "quoted" <script>alert(1)</script> title');
    expect(text).toContain('LETTERS & <NOTES>');
    expect(text).toContain('https://letters.example/42');

    expect(await w.ledgerCount('checkpoint.notice')).toBe(1);
  });

  it('sends nothing when the digest is empty', async () => {
    w = await world([{ email: 'me@example.org' }]);
    const [built] = await w.buildAtDue();
    expect(built?.checkpoint.itemCount).toBe(0);
    expect(built?.notices).toEqual([]);
    expect(sink.messages).toHaveLength(0);
    expect(await w.ledgerCount('checkpoint.notice')).toBe(0);
  });

  it('sends nothing when e-mail is not one of the notices', async () => {
    w = await world([]);
    const news = await w.source('Example News');
    await w.ingest(news, [draft('n1', 'Rust 1.80 released')]);
    const [built] = await w.buildAtDue();
    expect(built?.checkpoint.itemCount).toBe(1);
    expect(built?.notices).toEqual([]);
    expect(sink.messages).toHaveLength(0);
    expect(await w.ledgerCount('checkpoint.notice')).toBe(0);
  });

  it('does not count a notice the SMTP server never took', async () => {
    w = await openWorld(dialect, {
      notify: [{ email: 'me@example.org' }],
      env: { CHECKPOINT_SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` },
    });
    const news = await w.source('Example News');
    await w.ingest(news, [draft('n1', 'Rust 1.80 released')]);
    const [built] = await w.buildAtDue();
    expect(built?.checkpoint.itemCount).toBe(1);
    expect(built?.notices).toEqual([]);
    expect(await w.ledgerCount('checkpoint.notice')).toBe(0);
    expect(await w.ledgerCount('checkpoint.built')).toBe(1);
  });

  it('mails a breakthrough to the rule’s address at once', async () => {
    w = await world([]);
    await addRule(w.app, w.user.id, {
      name: 'Urgent',
      when: [{ field: 'priority', op: 'gte', value: 5 }],
      action: 'breakthrough',
      deliver: { email: 'pager@example.org' },
    });
    const pushes = await w.source('Phone', 'ntfy');
    await w.ingest(pushes, [
      draft('p1', 'Server down', { kind: 'notification', priority: 5, url: null }),
      draft('p2', 'Backup done', { kind: 'notification', priority: 3, url: null }),
    ]);
    expect(sink.messages).toHaveLength(1);
    const mail = sink.messages[0]!;
    expect(mail.rcptTo).toEqual(['pager@example.org']);
    expect(mail.parsed.subject).toBe('Server down');
    expect(mail.parsed.text).toMatch(/http:\/\/localhost:8080\/items\/\d+/);
    expect(await w.ledgerCount('breakthrough')).toBe(1);
  });
});
