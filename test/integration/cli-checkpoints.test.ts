/**
 * The checkpoint commands through the real `checkpoint` bin, as scripts use them: `schedule`,
 * `source set`, `tick --at`, `pull`, `done`, `rule` and `ledger`, with the exact JSON shapes of
 * DESIGN.md "Interfaces" and its exit codes (0 success, 1 failure in one line, 2 usage).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, json, runCheckpoint } from '../helpers/cli.ts';
import { createPgDatabase, DIALECTS } from '../helpers/db.ts';
import { rss } from '../helpers/feeds.ts';
import {
  type FixtureServer,
  sendWithValidators,
  startFixtureServer,
} from '../helpers/fixture-server.ts';

const TZ = 'Europe/Amsterdam';
const ITEM_KEYS = [
  'id',
  'sourceId',
  'sourceKind',
  'kind',
  'title',
  'url',
  'author',
  'publishedAt',
  'receivedAt',
  'wouldPush',
  'priority',
  'read',
  'starred',
  'dismissed',
  'clusterId',
  'contentHtml',
];
const LEDGER_KEYS = [
  'date',
  'pushesReceived',
  'breakthroughs',
  'checkpointNotices',
  'interruptions',
  'interruptionsSpared',
  'checkpointsBuilt',
  'checkpointsOpened',
  'pullsBetween',
  'itemsRead',
  'itemsDismissed',
  'breakthroughsUndelivered',
];

interface PullJson {
  checkpoint: { id: number; dueAt: string; builtAt: string | null; budgetMinutes: number } | null;
  items: (Record<string, unknown> & { id: number; parts: Record<string, unknown>[] })[];
}

/** The calendar day after `at` in Amsterdam, and 08:00 local on it as an instant. */
function tomorrowAtEight(at: Date): { date: string; due: Date; weekday: string } {
  const date = new Date(
    Date.parse(`${at.toLocaleDateString('en-CA', { timeZone: TZ })}T12:00:00Z`) + 86_400_000,
  )
    .toISOString()
    .slice(0, 10);
  const noon = new Date(`${date}T12:00:00Z`);
  const offsetHours =
    Number(noon.toLocaleTimeString('en-GB', { timeZone: TZ, hour: '2-digit', hourCycle: 'h23' })) -
    12;
  return {
    date,
    due: new Date(Date.parse(`${date}T08:00:00Z`) - offsetHours * 3_600_000),
    weekday: noon.toLocaleDateString('en-GB', { weekday: 'short', timeZone: 'UTC' }),
  };
}

/** A failure: exit 1 and one line on stderr saying why. */
function failedInOneLine(result: CliResult, text: string | RegExp): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(text);
}

describe.each(DIALECTS)('checkpoint commands on %s', (dialect) => {
  let dir: string;
  let server: FixtureServer;
  let env: Record<string, string>;
  let sourceId: number;
  const notices: string[] = [];
  const cli = (...args: string[]) => runCheckpoint(args, env);
  const started = new Date();
  const next = tomorrowAtEight(started);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-cli-cp-'));
    server = await startFixtureServer();
    env = {
      CHECKPOINT_DATA_DIR: join(dir, 'data'),
      CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32',
      ...(dialect === 'postgres' ? { CHECKPOINT_DATABASE_URL: await createPgDatabase() } : {}),
    };
    const entries = Array.from({ length: 5 }, (_, i) => ({
      guid: `n${i + 1}`,
      title: i === 0 ? 'Hello world' : `Story ${['alpha', 'bravo', 'charlie', 'delta'][i - 1]}`,
      link: `https://news.example.org/${i + 1}`,
      html: `<p>${'A sentence of the story. '.repeat(30 + i)}</p>`,
    }));
    server.route('/news.xml', (req, res) =>
      sendWithValidators(req, res, {
        body: rss('News', entries),
        contentType: 'application/rss+xml',
        etag: '"news-1"',
      }),
    );
    server.route('/ntfy/*', async (req, res, url) => {
      for await (const _ of req);
      notices.push(url.pathname);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x"}');
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sets and shows the schedule with every notice channel', { timeout: 120_000 }, async () => {
    const set = await cli(
      'schedule',
      'set',
      '--times',
      '08:00',
      '--tz',
      TZ,
      '--budget',
      '15',
      '--per-source',
      '2',
      '--notify',
      `ntfy:${server.urlFor('/ntfy/a')},ntfy:${server.urlFor('/ntfy/b')}`,
      '--json',
    );
    expect(set.code, set.stderr).toBe(0);
    const view = json<Record<string, unknown>>(set);
    expect(Object.keys(view)).toEqual([
      'tz',
      'times',
      'budgetMinutes',
      'perSourceLimit',
      'notify',
      'showWaiting',
      'nextCheckpointAt',
    ]);
    expect(view).toMatchObject({
      tz: TZ,
      budgetMinutes: 15,
      perSourceLimit: 2,
      notify: [{ ntfy: server.urlFor('/ntfy/a') }, { ntfy: server.urlFor('/ntfy/b') }],
    });
    expect((view.times as Record<string, string[]>).mon).toEqual(['08:00']);
    expect(json(await cli('schedule', 'show', '--json'))).toEqual(view);
    const shown = await cli('schedule', 'show');
    expect(shown.stdout).toContain(
      `ntfy ${server.urlFor('/ntfy/a')}, ntfy ${server.urlFor('/ntfy/b')}`,
    );
  });

  it('sets a source’s cadence, weight and would-push', { timeout: 120_000 }, async () => {
    const added = await cli('source', 'add', server.urlFor('/news.xml'), '--json');
    expect(added.code, added.stderr).toBe(0);
    sourceId = json<{ id: number }>(added).id;
    const set = await cli(
      'source',
      'set',
      String(sourceId),
      '--cadence',
      'weekly:fri',
      '--weight',
      '2',
      '--would-push',
      'yes',
      '--json',
    );
    expect(set.code, set.stderr).toBe(0);
    expect(json(set)).toMatchObject({
      id: sourceId,
      cadence: 'weekly:fri',
      weight: 2,
      wouldPush: true,
    });
    const back = await cli(
      'source',
      'set',
      String(sourceId),
      '--cadence',
      'every',
      '--would-push',
      'default',
    );
    expect(back.code).toBe(0);
    expect(back.stdout.trim()).toBe(
      `${sourceId}\tNews\tcadence every · weight 2 · would-push default of its kind`,
    );
    const listed = json<{ id: number; cadence: string; wouldPush: boolean | null }[]>(
      await cli('source', 'list', '--json'),
    );
    expect(listed.find((s) => s.id === sourceId)).toMatchObject({
      cadence: 'every',
      wouldPush: null,
    });
  });

  it('builds a checkpoint with tick --at and pulls it: JSON shape, terminal view, done', {
    timeout: 120_000,
  }, async () => {
    const tick = await cli(
      'tick',
      '--at',
      new Date(next.due.getTime() + 90 * 60_000).toISOString(),
      '--json',
    );
    expect(tick.code, tick.stderr).toBe(0);
    const built = json<{
      checkpoints: { checkpoint: { id: number; itemCount: number }; notices: string[] }[];
    }>(tick);
    expect(built.checkpoints).toHaveLength(1);
    expect(built.checkpoints[0]).toMatchObject({
      checkpoint: { itemCount: 2 },
      notices: ['ntfy', 'ntfy'],
    });
    expect(notices.sort()).toEqual(['/ntfy/a', '/ntfy/b']);

    const pulled = await cli('pull', '--json');
    expect(pulled.code, pulled.stderr).toBe(0);
    const result = json<PullJson>(pulled);
    expect(Object.keys(result)).toEqual(['checkpoint', 'items']);
    expect(Object.keys(result.checkpoint!)).toEqual(['id', 'dueAt', 'builtAt', 'budgetMinutes']);
    expect(result.checkpoint).toMatchObject({
      id: built.checkpoints[0]!.checkpoint.id,
      dueAt: next.due.toISOString(),
      budgetMinutes: 15,
    });
    expect(result.checkpoint!.builtAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(result.items).toHaveLength(2);
    for (const item of result.items) {
      expect(Object.keys(item).sort()).toEqual([...ITEM_KEYS, 'score', 'parts'].sort());
      expect(item.sourceId).toBe(sourceId);
      expect(item.parts.length).toBeGreaterThan(0);
      for (const part of item.parts)
        expect(Object.keys(part).sort()).toEqual(['key', 'params', 'part', 'points', 'why']);
      // Weight 2 adds its ten points, and says so.
      expect(item.parts).toContainEqual(
        expect.objectContaining({ part: 'source', points: 10, why: 'you weighted News ×2' }),
      );
    }

    const terminal = await cli('pull');
    expect(terminal.code).toBe(0);
    const [header] = terminal.stdout.split('\n');
    const day = Number(next.date.slice(8));
    const month = new Date(`${next.date}T12:00:00Z`).toLocaleDateString('en-GB', {
      month: 'short',
      timeZone: 'UTC',
    });
    expect(header).toMatch(
      new RegExp(
        `^Checkpoint of ${next.weekday} ${day} ${month} 08:00 \\(Europe/Amsterdam\\) — 2 items, ~\\d+ min$`,
      ),
    );
    expect(terminal.stdout).toContain('+3 more from News');
    expect(terminal.stdout).toContain('https://news.example.org/');
    expect(terminal.stderr).toContain(`checkpoint done ${result.checkpoint!.id}`);

    const done = await cli('done', '--json');
    expect(done.code, done.stderr).toBe(0);
    expect(json(done)).toMatchObject({
      id: result.checkpoint!.id,
      itemCount: 2,
      doneAt: expect.any(String),
    });
  });

  it('pulls now between checkpoints: checkpoint null, what is left, "+N more" in the terminal', {
    timeout: 120_000,
  }, async () => {
    const pulled = await cli('pull', '--json');
    expect(pulled.code, pulled.stderr).toBe(0);
    const result = json<PullJson>(pulled);
    expect(Object.keys(result)).toEqual(['checkpoint', 'items']);
    expect(result.checkpoint).toBeNull();
    // The two seen at the checkpoint are gone; two of the other three fit the per-source limit.
    expect(result.items).toHaveLength(2);
    for (const item of result.items)
      expect(Object.keys(item).sort()).toEqual([...ITEM_KEYS, 'score', 'parts'].sort());
    const terminal = await cli('pull');
    expect(terminal.stdout.split('\n')[0]).toMatch(/^Pulled now — 2 items, ~\d+ min$/);
    expect(terminal.stdout).toContain('+1 more from News');
  });

  it('adds, lists, tests and removes rules; the rule JSON round-trips', {
    timeout: 120_000,
  }, async () => {
    const urgent = {
      name: 'Urgent pushes',
      enabled: true,
      when: [{ field: 'priority', op: 'gte', value: 5 }],
      action: 'breakthrough',
      deliver: { ntfy: server.urlFor('/ntfy/urgent') },
      perHour: 2,
    };
    const added = await cli('rule', 'add', '--json', JSON.stringify(urgent));
    expect(added.code, added.stderr).toBe(0);
    const saved = json<Record<string, unknown> & { id: number; createdAt: string }>(added);
    expect(saved).toEqual({ ...urgent, id: expect.any(Number), createdAt: expect.any(String) });
    expect(added.stderr).toContain('would have matched 0 items, 0 of which broke through');

    const mute = await cli(
      'rule',
      'add',
      '--json',
      '{"name":"No greetings","when":[{"field":"title","op":"contains","value":"hello"}],"action":"mute"}',
    );
    expect(mute.code, mute.stderr).toBe(0);
    const muted = json<Record<string, unknown> & { id: number }>(mute);
    // The defaults of DESIGN.md are filled in and shown.
    expect(muted).toMatchObject({ enabled: true, perHour: 3, action: 'mute' });
    expect(mute.stderr).toContain('would have matched 1 item.');

    const listed = json<Record<string, unknown>[]>(await cli('rule', 'list', '--json'));
    expect(listed).toEqual([saved, muted]);
    // What `rule list --json` prints is a rule `rule add --json` takes back as it was.
    const { id: _id, createdAt: _at, ...spec } = listed[0]!;
    const again = json<Record<string, unknown>>(
      await cli('rule', 'add', '--json', JSON.stringify(spec)),
    );
    expect({ ...again, id: saved.id, createdAt: saved.createdAt }).toEqual(saved);

    const tested = await cli('rule', 'test', String(muted.id), '--json');
    expect(tested.code).toBe(0);
    const preview = json<Record<string, unknown> & { examples: { title: string }[] }>(tested);
    expect(Object.keys(preview).sort()).toEqual([
      'brokeThrough',
      'days',
      'examples',
      'heldByCap',
      'matched',
    ]);
    expect(preview).toMatchObject({ days: 7, matched: 1 });
    expect(preview.examples.map((e) => e.title)).toEqual(['Hello world']);
    expect((await cli('rule', 'test', String(muted.id))).stdout).toContain(
      'would have matched 1 item.',
    );

    expect((await cli('rule', 'remove', String(again.id))).code).toBe(0);
  });

  it('prints the ledger rows with the 12 keys of DESIGN.md, as a table with interruptions', {
    timeout: 120_000,
  }, async () => {
    const from = started.toLocaleDateString('en-CA', { timeZone: TZ });
    const ledger = await cli('ledger', '--from', from, '--to', next.date, '--json');
    expect(ledger.code, ledger.stderr).toBe(0);
    const rows = json<Record<string, number | string>[]>(ledger);
    expect(rows.map((r) => r.date)).toEqual(
      [from, next.date].filter((d, i, all) => all.indexOf(d) === i),
    );
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(LEDGER_KEYS);
      expect(row.interruptions).toBe(Number(row.breakthroughs) + Number(row.checkpointNotices));
      expect(row.interruptionsSpared).toBe(
        Number(row.pushesReceived) -
          Number(row.breakthroughs) -
          Number(row.breakthroughsUndelivered),
      );
    }
    const sum = (key: string) => rows.reduce((n, r) => n + Number(r[key]), 0);
    expect({
      checkpointsBuilt: sum('checkpointsBuilt'),
      checkpointsOpened: sum('checkpointsOpened'),
      checkpointNotices: sum('checkpointNotices'),
      pullsBetween: sum('pullsBetween'),
      breakthroughs: sum('breakthroughs'),
    }).toEqual({
      checkpointsBuilt: 1,
      checkpointsOpened: 1,
      checkpointNotices: 2,
      pullsBetween: 2,
      breakthroughs: 0,
    });
    const due = rows.find((r) => r.date === next.date)!;
    expect(due).toMatchObject({ checkpointsBuilt: 1, checkpointNotices: 2, interruptions: 2 });

    const table = await cli('ledger', '--from', from, '--to', next.date);
    expect(table.code).toBe(0);
    const [head, ...lines] = table.stdout.trim().split('\n');
    expect(head!.split(/\s{2,}/)).toEqual([
      'date',
      'pushes',
      'broke through',
      'undelivered',
      'notices',
      'interruptions',
      'spared',
      'checkpoints',
      'opened',
      'pulls',
      'read',
      'dismissed',
    ]);
    const dueLine = lines.find((l) => l.startsWith(next.date))!;
    // Notices are interruptions but not pushes let through: nothing spared, and never below 0
    // (DESIGN.md: spared = pushes − breakthroughs − undelivered).
    expect(dueLine.trim().split(/\s+/).slice(4, 7)).toEqual(['2', '2', '0']);
  });
});

/** Exit codes do not depend on the database: one SQLite data directory is enough. */
describe('checkpoint commands: failures exit 1 in one line, wrong usage exits 2', () => {
  let dir: string;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCheckpoint(args, env);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-cli-usage-'));
    env = { CHECKPOINT_DATA_DIR: join(dir, 'data') };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('calls bad option values usage errors', { timeout: 120_000 }, async () => {
    for (const args of [
      ['schedule', 'set', '--tz', 'Mars/Olympus'],
      ['schedule', 'set', '--notify', 'pager:123'],
      ['schedule', 'set', '--budget', 'lots'],
      ['source', 'set', '1', '--cadence', 'monthly'],
      ['source', 'set', '1', '--weight', '11'],
      ['source', 'set', '1', '--would-push', 'maybe'],
      ['done', 'latest'],
      ['rule', 'add', '--json', 'not json'],
      ['rule', 'add', '--json', '{"name":"x","when":[],"action":"explode"}'],
      ['ledger', '--from', 'bad'],
      ['ledger', '--from', '2026-02-30'],
      ['ledger', '--from', '2026-03-05', '--to', '2026-03-01'],
    ]) {
      const result = await cli(...args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stdout).toBe('');
    }
  });

  it('fails in one line on what is not there', { timeout: 60_000 }, async () => {
    failedInOneLine(await cli('source', 'set', '99999', '--weight', '1'), /no source 99999/);
    failedInOneLine(await cli('done', '99999'), /no checkpoint 99999/);
    failedInOneLine(await cli('rule', 'remove', '99999'), /no rule 99999/);
  });
});
