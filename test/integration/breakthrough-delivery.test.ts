/**
 * DESIGN.md Invariant 5: a breakthrough reaches someone. A breakthrough with no channel, or
 * whose channel fails (ntfy answering 500, an SMTP server refusing the recipient), is recorded
 * as undelivered — listed for the checkpoint page, counted in `breakthroughsUndelivered`,
 * never as spared — and the rule's channel is warned about until a delivery works again.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScorePart } from '../../src/domain/ranking.ts';
import { reasonText, translator } from '../../src/http/ui/i18n/index.ts';
import {
  dismissUndelivered,
  explainUndelivered,
  undeliveredBreakthroughs,
} from '../../src/services/checkpoints/breakthroughs.ts';
import {
  channelHealth,
  setRuleChannel,
  testChannels,
} from '../../src/services/checkpoints/channel-health.ts';
import { ledgerDays, sparedItems } from '../../src/services/checkpoints/ledger.ts';
import { addRule } from '../../src/services/checkpoints/rules.ts';
import { setSchedule } from '../../src/services/checkpoints/schedules.ts';
import { DAY, draft, openWorld, type World } from '../helpers/checkpoint-world.ts';
import { DIALECTS } from '../helpers/db.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';

const URGENT = {
  name: 'Urgent pushes',
  when: [{ field: 'priority', op: 'gte', value: 5 }],
  action: 'breakthrough',
};

const urgent = (id: string, title: string) =>
  draft(id, title, { kind: 'notification', priority: 5 });

/** An SMTP server on 127.0.0.1 that refuses every recipient (550), as a relay that says no. */
async function startRefusingSmtp(): Promise<{ url: string; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

describe.each(DIALECTS)('breakthrough delivery on %s', (dialect) => {
  let server: FixtureServer;
  let smtp: Awaited<ReturnType<typeof startRefusingSmtp>>;
  let status: number;
  let published: number;
  let w: World;

  beforeAll(async () => {
    server = await startFixtureServer();
    server.route('/ntfy/topic', async (req, res) => {
      for await (const _chunk of req);
      published++;
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"id":"x"}');
    });
    smtp = await startRefusingSmtp();
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });
  beforeEach(() => {
    status = 200;
    published = 0;
  });
  afterEach(async () => {
    await w?.cleanup();
  });

  const today = async () => (await ledgerDays(w.app, w.user, DAY, DAY))[0]!;

  it('a rule with no channel: undelivered, listed with its rule, warned about, never spared', async () => {
    w = await openWorld(dialect);
    const rule = await addRule(w.app, w.user.id, URGENT);
    expect((await channelHealth(w.app, w.user.id)).map((x) => [x.problem, x.ruleName])).toEqual([
      ['none', 'Urgent pushes'],
    ]);
    const phone = await w.source('Phone', 'ntfy');
    await w.ingest(phone, [
      urgent('p1', 'Server down'),
      urgent('p2', 'Smoke alarm'),
      draft('p3', 'Parcel delivered', { kind: 'notification', priority: 3 }),
    ]);
    expect(await today()).toMatchObject({
      pushesReceived: 3,
      breakthroughs: 0,
      breakthroughsUndelivered: 2,
      interruptions: 0,
      interruptionsSpared: 1,
    });
    const listed = await undeliveredBreakthroughs(w.app, w.user.id);
    expect(listed.map((b) => [b.title, b.sourceName, b.ruleName, b.problem])).toEqual([
      ['Smoke alarm', 'Phone', 'Urgent pushes', 'none'],
      ['Server down', 'Phone', 'Urgent pushes', 'none'],
    ]);
    // "Why is this here?" names the rule, in both languages (the English as the CLI says it).
    const [why] = (
      await explainUndelivered(w.app, [{ id: listed[0]!.itemId, parts: [] as ScorePart[] }])
    )[0]!.parts;
    expect(why).toMatchObject({ points: 0, key: 'why.breakthroughNoChannel' });
    expect(reasonText(translator('en'), why!).replace(/[“”]/g, '"')).toBe(why!.why);
    expect(reasonText(translator('nl'), why!)).toBe(
      'regel “Urgent pushes” had doorgebroken, maar heeft geen kanaal',
    );
    // The day's spared items are the one that neither broke through nor failed to.
    expect((await sparedItems(w.app, w.user, DAY)).map((i) => i.title)).toEqual([
      'Parcel delivered',
    ]);

    w.clock.advance(60_000);
    await dismissUndelivered(w.app, w.user.id);
    expect(await undeliveredBreakthroughs(w.app, w.user.id)).toEqual([]);
    w.clock.advance(60_000);
    await w.ingest(phone, [urgent('p4', 'Water leak')]);
    expect((await undeliveredBreakthroughs(w.app, w.user.id)).map((b) => b.title)).toEqual([
      'Water leak',
    ]);

    // Giving the rule a working channel ends the warning; the next one is delivered.
    await setRuleChannel(w.app, w.user.id, rule.id, { ntfy: server.urlFor('/ntfy/topic') });
    expect(await channelHealth(w.app, w.user.id)).toEqual([]);
    // (An hour on: the three undelivered ones used the rule's hourly cap of 3.)
    w.clock.advance(3_600_000);
    await w.ingest(phone, [urgent('p5', 'Door open')]);
    expect(published).toBe(1);
    expect(await today()).toMatchObject({
      pushesReceived: 5,
      breakthroughs: 1,
      breakthroughsUndelivered: 3,
      interruptionsSpared: 1,
    });
  });

  it('ntfy answering 500: undelivered with the reason, the channel warned about until a test passes', async () => {
    w = await openWorld(dialect);
    status = 500;
    const topic = server.urlFor('/ntfy/topic');
    await addRule(w.app, w.user.id, { ...URGENT, deliver: { ntfy: topic } });
    const phone = await w.source('Phone', 'ntfy');
    await w.ingest(phone, [urgent('p1', 'Server down')]);
    expect(published).toBe(1);
    expect(await today()).toMatchObject({ breakthroughsUndelivered: 1, interruptionsSpared: 0 });
    const [missed] = await undeliveredBreakthroughs(w.app, w.user.id);
    expect(missed).toMatchObject({ title: 'Server down', problem: 'failed' });
    expect(missed!.errors.join(' ')).toContain('HTTP 500');
    const warnings = await channelHealth(w.app, w.user.id);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      subject: 'rule',
      problem: 'failed',
      channel: `ntfy ${topic}`,
    });
    expect(warnings[0]!.message).toContain('HTTP 500');

    // "Send a test" really sends; while ntfy still fails it says so, then it clears the warning.
    const failing = await testChannels(w.app, w.user.id, [{ ntfy: topic }], {
      title: 'T',
      body: 'B',
    });
    expect(failing[0]!.error).toContain('HTTP 500');
    status = 200;
    const passing = await testChannels(w.app, w.user.id, [{ ntfy: topic }], {
      title: 'T',
      body: 'B',
    });
    expect(passing).toEqual([{ label: `ntfy ${topic}`, error: null }]);
    expect(published).toBe(3);
    expect(await channelHealth(w.app, w.user.id)).toEqual([]);
  });

  it('an SMTP server refusing the address, through the notice channels: undelivered, and the schedule warned about', async () => {
    w = await openWorld(dialect, {
      notify: [{ email: 'me@example.org' }],
      env: { CHECKPOINT_SMTP_URL: smtp.url },
    });
    await addRule(w.app, w.user.id, URGENT);
    expect(await channelHealth(w.app, w.user.id)).toEqual([]);
    const phone = await w.source('Phone', 'ntfy');
    await w.ingest(phone, [urgent('p1', 'Smoke alarm')]);
    expect(await today()).toMatchObject({ breakthroughs: 0, breakthroughsUndelivered: 1 });
    const [missed] = await undeliveredBreakthroughs(w.app, w.user.id);
    expect(missed!.errors.join(' ')).toMatch(/550|mailbox unavailable/);
    const warnings = await channelHealth(w.app, w.user.id);
    expect(warnings.map((x) => [x.subject, x.problem, x.channel])).toEqual([
      ['schedule', 'failed', 'e-mail me@example.org'],
    ]);
  });

  it('Web Push chosen but no browser subscribed: warned about before anything arrives', async () => {
    w = await openWorld(dialect);
    await setSchedule(w.app, w.user, { notify: [{ webpush: true }] });
    await addRule(w.app, w.user.id, URGENT);
    expect((await channelHealth(w.app, w.user.id)).map((x) => [x.subject, x.problem])).toEqual([
      ['schedule', 'noBrowser'],
    ]);
  });
});
