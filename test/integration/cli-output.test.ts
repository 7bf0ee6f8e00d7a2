/**
 * How the CLI's terminal output reads: `source list` in the user's own zone (as the web app
 * shows times) with "on push" for sources that are never fetched, and a reader that stops
 * early (`checkpoint ledger | head`) ending the command quietly instead of in an EPIPE stack
 * trace.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../src/services/accounts/users.ts';
import { ensureSource } from '../../src/services/intake/intake.ts';
import { BIN, cliEnvironment, runCheckpoint } from '../helpers/cli.ts';
import { openTestApp, type TestApp } from '../helpers/db.ts';
import { rss } from '../helpers/feeds.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';

describe('CLI output in a terminal', () => {
  let test: TestApp;
  let server: FixtureServer;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCheckpoint(args, env);

  beforeAll(async () => {
    test = await openTestApp('sqlite');
    server = await startFixtureServer();
    server.route('/feed.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss('Zoned', [{ guid: 'z1', title: 'One' }]));
    });
    env = {
      CHECKPOINT_DATA_DIR: test.dataDir,
      CHECKPOINT_SECRET: test.app.config.secret,
      CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32',
    };
  });
  afterAll(async () => {
    await server?.close();
    await test?.cleanup();
  });

  it('lists push sources as "on push" and times in the user’s zone', async () => {
    const admin = await ensureAdmin(test.app.db.kysely, test.app.clock);
    await ensureSource(test.app, admin.id, 'ntfy', 'alerts');
    expect(
      (await cli('schedule', 'set', '--times', '08:00', '--tz', 'Pacific/Kiritimati')).code,
    ).toBe(0);
    expect((await cli('source', 'add', server.urlFor('/feed.xml'))).code).toBe(0);
    const listed = await cli('source', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain('1970');
    const lines = listed.stdout.split('\n');
    const ntfy = lines.findIndex((l) => l.includes('ntfy'));
    expect(lines[ntfy + 2]).toContain('next on push');
    // Kiritimati is UTC+14: the feed's check just now is printed on the local date and hour.
    const sources = JSON.parse((await cli('source', 'list', '--json')).stdout) as {
      kind: string;
      lastCheckedAt: string;
    }[];
    const checked = sources.find((s) => s.kind === 'feed')!.lastCheckedAt;
    const local = new Date(Date.parse(checked) + 14 * 3_600_000).toISOString();
    expect(listed.stdout).toContain(`checked ${local.slice(0, 10)} ${local.slice(11, 16)}`);
  });

  it('takes times as people type them in schedule set --times', async () => {
    const set = await cli('schedule', 'set', '--times', '8am,12:30,5:30 pm', '--days', 'mon');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/mon {2}08:00 {2}12:30 {2}17:30/);
    const bad = await cli('schedule', 'set', '--times', '25:99');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('write it like 08:00, 8am, 8:30 pm or 17.00');
  });

  it('ends quietly when the reader of its output goes away (ledger | head)', async () => {
    const child = spawn(
      'sh',
      ['-c', `"${process.execPath}" "${BIN}" ledger --from 2017-01-02 --to 2026-12-31 | head -n 2`],
      { env: cliEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(2);
    expect(stderr).toBe('');
  });
});
