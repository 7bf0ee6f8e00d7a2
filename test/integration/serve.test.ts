import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, json, runCheckpoint } from '../helpers/cli.ts';
import { rss } from '../helpers/feeds.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { freePort } from '../helpers/free-port.ts';

/**
 * `checkpoint serve` (what `npm start` runs) as a real process: the URL it prints, the
 * address it binds, and the CLI working on the same data directory while it runs.
 */
describe('checkpoint serve', () => {
  let dir: string;
  let feeds: FixtureServer;
  let env: Record<string, string>;
  let server: ChildProcess;
  let port: number;
  let output = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-serve-'));
    feeds = await startFixtureServer();
    feeds.route('/feed.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss('Served', [{ guid: 's1', title: 'While the server runs' }]));
    });
    port = await freePort();
    env = {
      CHECKPOINT_DATA_DIR: join(dir, 'data'),
      CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32',
      PORT: String(port),
    };
    server = spawn(process.execPath, [BIN, 'serve'], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.setEncoding('utf8');
    server.stderr?.setEncoding('utf8').on('data', (d: string) => {
      output += d;
    });
    await new Promise<void>((resolve, reject) => {
      server.stdout?.on('data', (d: string) => {
        output += d;
        if (output.includes('Checkpoint is running at')) resolve();
      });
      server.once('exit', (code) => reject(new Error(`serve exited ${code}:\n${output}`)));
    });
  });
  afterAll(async () => {
    if (server.exitCode === null) server.kill('SIGKILL');
    await feeds.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints its URL and answers /healthz on CHECKPOINT_HOST only', async () => {
    expect(output).toContain(`Checkpoint is running at http://localhost:${port}`);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    // Bound to 127.0.0.1 (the default), not to every loopback address.
    await expect(fetch(`http://127.0.0.2:${port}/healthz`)).rejects.toThrow();
  });

  it('shares its data directory with the CLI while it runs', async () => {
    const added = await runCheckpoint(['source', 'add', feeds.urlFor('/feed.xml'), '--json'], env);
    expect(added.code).toBe(0);
    expect((await runCheckpoint(['fetch'], env)).code).toBe(0);
    const { token } = json<{ token: string }>(
      await runCheckpoint(['token', 'create', '--json'], env),
    );
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/items`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const items = (await res.json()) as { title: string }[];
    expect(items.map((i) => i.title)).toEqual(['While the server runs']);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
