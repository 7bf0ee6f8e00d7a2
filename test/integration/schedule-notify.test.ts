import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelsOf, parseNotify } from '../../src/channels/registry.ts';
import { ledgerDays } from '../../src/services/checkpoints/ledger.ts';
import { getSchedule, setSchedule } from '../../src/services/checkpoints/schedules.ts';
import { DAY, draft, openWorld, type World } from '../helpers/checkpoint-world.ts';
import { DIALECTS } from '../helpers/db.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.ts';

describe('notice channels', () => {
  it('parses a kind that comes several times, and reads both stored forms', () => {
    expect(
      parseNotify('ntfy:https://n.example/a,ntfy:https://n.example/b,email:a@x.example'),
    ).toEqual([
      { ntfy: 'https://n.example/a' },
      { ntfy: 'https://n.example/b' },
      { email: 'a@x.example' },
    ]);
    // Rows written before channel lists were stored hold one channel of each kind.
    expect(
      channelsOf('{"ntfy":"https://n.example/a","email":"a@x.example","webpush":true}'),
    ).toEqual([{ ntfy: 'https://n.example/a' }, { email: 'a@x.example' }, { webpush: true }]);
    expect(channelsOf('{}')).toEqual([]);
    expect(
      channelsOf(
        '[{"webpush":true},{"email":"A@x.example"},{"webpush":true},{"email":"a@x.example"}]',
      ),
    ).toEqual([{ webpush: true }, { email: 'A@x.example' }]);
  });
});

describe.each(DIALECTS)('several notice channels of one kind on %s', (dialect) => {
  let ntfy: FixtureServer;
  let sink: SmtpSink;
  let w: World;
  const published: string[] = [];

  beforeAll(async () => {
    ntfy = await startFixtureServer();
    ntfy.route('/topics/*', async (req, res, url) => {
      for await (const _ of req);
      published.push(url.pathname);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x"}');
    });
    sink = await startSmtpSink();
    w = await openWorld(dialect, { env: { CHECKPOINT_SMTP_URL: sink.url } });
  });
  afterAll(async () => {
    await w.cleanup();
    await ntfy.close();
    await sink.close();
  });

  it('stores every channel and sends the one notice per checkpoint on each', async () => {
    const channels = parseNotify(
      [
        `ntfy:${ntfy.urlFor('/topics/a')}`,
        `ntfy:${ntfy.urlFor('/topics/b')}`,
        'email:a@mail.example',
        'email:b@mail.example',
        'webpush',
      ].join(','),
    );
    const view = await setSchedule(w.app, w.user, { notify: channels });
    expect(view.notify).toEqual([
      { ntfy: ntfy.urlFor('/topics/a') },
      { ntfy: ntfy.urlFor('/topics/b') },
      { email: 'a@mail.example' },
      { email: 'b@mail.example' },
      { webpush: true },
    ]);
    expect((await getSchedule(w.app, w.user)).notify).toEqual(view.notify);
    // No browser subscribed: web push has nowhere to go, the other four each get one notice.
    await setSchedule(w.app, w.user, { notify: channels.filter((c) => !('webpush' in c)) });

    const blog = await w.source('Blog');
    await w.ingest(blog, [draft('a1', 'Something to read')]);
    const [built] = await w.buildAtDue();
    expect(built?.notices).toEqual(['ntfy', 'ntfy', 'email', 'email']);
    expect(published.sort()).toEqual(['/topics/a', '/topics/b']);
    expect(sink.messages.flatMap((m) => m.rcptTo).sort()).toEqual([
      'a@mail.example',
      'b@mail.example',
    ]);
    const [day] = await ledgerDays(w.app, w.user, DAY, DAY);
    expect(day?.checkpointNotices).toBe(4);
  });

  it('keeps one of a channel given twice', async () => {
    const view = await setSchedule(w.app, w.user, {
      notify: parseNotify(`ntfy:${ntfy.urlFor('/topics/a')},ntfy:${ntfy.urlFor('/topics/a')}`),
    });
    expect(view.notify).toEqual([{ ntfy: ntfy.urlFor('/topics/a') }]);
  });
});
