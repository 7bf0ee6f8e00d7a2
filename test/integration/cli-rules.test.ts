/**
 * `checkpoint rule add|set|undo` through the real bin: a rule applies to the items held when
 * it is saved, says so on stderr, and `rule undo` takes the latest save back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCheckpoint } from '../helpers/cli.ts';
import { createPgDatabase, DIALECTS } from '../helpers/db.ts';
import { rss } from '../helpers/feeds.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';

describe.each(DIALECTS)('rule add, set and undo on %s', (dialect) => {
  let dir: string;
  let server: FixtureServer;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCheckpoint(args, env);
  const dismissed = async () =>
    json<{ title: string; dismissed: boolean }[]>(await cli('items', '--json'))
      .filter((i) => i.dismissed)
      .map((i) => i.title)
      .sort();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-cli-rules-'));
    server = await startFixtureServer();
    env = {
      CHECKPOINT_DATA_DIR: join(dir, 'data'),
      CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32',
      ...(dialect === 'postgres' ? { CHECKPOINT_DATABASE_URL: await createPgDatabase() } : {}),
    };
    const titles = ['Rain on the quay', 'More rain', 'Ferry news'];
    const entries = titles.map((title, i) => ({
      guid: `g${i}`,
      title,
      link: `https://news.example.org/${i}`,
      html: `<p>${'Words of the story. '.repeat(20)}</p>`,
    }));
    server.route('/news.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss('News', entries));
    });
    const added = await cli('source', 'add', server.urlFor('/news.xml'));
    expect(added.code, added.stderr).toBe(0);
  });
  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // Eleven child processes: generous on a busy machine.
  it('applies a mute to held items, changes it with `rule set`, and undoes the change', {
    timeout: 180_000,
  }, async () => {
    const mute = {
      name: 'No rain',
      when: [{ field: 'title', op: 'contains', value: 'rain' }],
      action: 'mute',
    };
    const added = await cli('rule', 'add', '--json', JSON.stringify(mute));
    expect(added.code, added.stderr).toBe(0);
    const rule = json<{ id: number }>(added);
    expect(added.stderr).toContain(
      `Applied to 2 held items (undo: checkpoint rule undo ${rule.id}).`,
    );
    expect(await dismissed()).toEqual(['More rain', 'Rain on the quay']);

    const changed = {
      ...mute,
      name: 'No ferries',
      when: [{ field: 'title', op: 'contains', value: 'ferry' }],
    };
    const set = await cli('rule', 'set', String(rule.id), '--json', JSON.stringify(changed));
    expect(set.code, set.stderr).toBe(0);
    expect(json(set)).toMatchObject({ id: rule.id, name: 'No ferries' });
    expect(set.stderr).toContain('Applied to 1 held item (undo');
    expect(await dismissed()).toEqual(['Ferry news', 'More rain', 'Rain on the quay']);

    const undo = await cli('rule', 'undo', String(rule.id));
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stderr).toContain(`Rule ${rule.id} is back as it was; 1 item restored.`);
    expect(await dismissed()).toEqual(['More rain', 'Rain on the quay']);
    const listed = json<{ name: string }[]>(await cli('rule', 'list', '--json'));
    expect(listed.map((r) => r.name)).toEqual(['No rain']);

    const again = await cli('rule', 'undo', String(rule.id));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already undone');
    const missing = await cli('rule', 'set', '999', '--json', JSON.stringify(mute));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no rule 999');
  });
});
