import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { openTestApp, type TestApp } from '../helpers/db.ts';

const run = promisify(execFile);

// The CLI works on the same data directory as the server (SQLite, WAL): what it prints must be
// the URL the server answers.
describe('checkpoint feed-url', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp('sqlite', { env: { CHECKPOINT_BASE_URL: 'https://cp.example.org' } });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const cli = async (...args: string[]) => {
    const { stdout } = await run('node', ['bin/checkpoint.js', 'feed-url', ...args], {
      env: {
        ...process.env,
        CHECKPOINT_DATA_DIR: t.dataDir,
        CHECKPOINT_SECRET: t.app.config.secret,
        CHECKPOINT_BASE_URL: 'https://cp.example.org',
        LOG_LEVEL: 'silent',
      },
    });
    return stdout;
  };
  const path = (url: string) => new URL(url).pathname;

  // Three CLI processes (tsx start-up each): allow for a busy machine.
  it('prints the same URL until --rotate, and the server serves only the current one', {
    timeout: 120_000,
  }, async () => {
    const shown = JSON.parse(await cli('--json')) as { url: string };
    expect(Object.keys(shown)).toEqual(['url']);
    expect(shown.url).toMatch(/^https:\/\/cp\.example\.org\/feeds\/checkpoints\/cpf_[\w-]+\.atom$/);
    expect((await cli()).trim()).toBe(shown.url);

    const http = createHttpApp(t.app);
    expect((await http.request(path(shown.url))).status).toBe(200);

    const rotated = JSON.parse(await cli('--rotate', '--json')) as { url: string };
    expect(rotated.url).not.toBe(shown.url);
    expect((await http.request(path(shown.url))).status).toBe(404);
    expect((await http.request(path(rotated.url))).status).toBe(200);
  });
});
