/**
 * Every push-intake command the documentation shows, run as a reader would paste it: the curl
 * commands of docs/push-intake.md's shell blocks and README's intake examples, with Debian's
 * curl and sh, `$CP` and `$TOKEN` set to a real server on 127.0.0.1 and a real intake token.
 * Each must be answered 2xx and store what it sent. (The Apprise rows are run by
 * apprise.test.ts.)
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listItemViews } from '../../src/services/items/items.ts';
import { type IntakeWorld, startIntakeWorld } from '../helpers/intake-world.ts';

/** The shell commands of the markdown's ```sh blocks that start with `word`, lines joined. */
function blockCommands(markdown: string, word: string): string[] {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .flatMap((block) => block.replace(/\\\n\s*/g, ' ').split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.startsWith(`${word} `));
}

/** README's inline examples (`curl … /intake/…`), its placeholders as the docs' variables. */
function inlineCommands(markdown: string): string[] {
  return [...markdown.matchAll(/`(curl [^`]*\/intake\/[^`]*)`/g)].map((m) =>
    m[1]!.replaceAll('<token>', '$TOKEN').replaceAll('$CHECKPOINT_BASE_URL', '$CP'),
  );
}

/** Runs one command in sh with the docs' variables; curl prints the status on the last line. */
function run(
  command: string,
  env: Record<string, string>,
): Promise<{ status: number; out: string }> {
  const child = spawn('sh', ['-c', `${command} -sS -w '\\n%{http_code}'`], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  return new Promise((resolve) =>
    child.on('close', () => resolve({ status: Number(out.trim().split('\n').pop()), out })),
  );
}

describe('the push intake commands of the docs', () => {
  let w: IntakeWorld;
  let commands: string[];

  beforeAll(async () => {
    w = await startIntakeWorld('sqlite');
    const docs = await readFile('docs/push-intake.md', 'utf8');
    const readme = await readFile('README.md', 'utf8');
    commands = [...blockCommands(docs, 'curl'), ...inlineCommands(readme)];
  });
  afterAll(async () => {
    await w?.close();
  });

  it('finds the commands (every shape the docs name)', () => {
    for (const path of ['/intake/ntfy', '/gotify/message', '/pushover/', '/webhook/'])
      expect(commands.some((cmd) => cmd.includes(path))).toBe(true);
    expect(commands.length).toBeGreaterThanOrEqual(10);
  });

  it('answers every one 2xx and holds one item per command', async () => {
    const failed: string[] = [];
    for (const command of commands) {
      const { status, out } = await run(command, { CP: w.http.url, TOKEN: w.token });
      if (status < 200 || status > 299) failed.push(`${command}\n→ ${out}`);
    }
    expect(failed).toEqual([]);
    const items = await listItemViews(w.t.app, w.userId, { limit: 100 });
    expect(items).toHaveLength(commands.length);
  });

  it('takes `curl -d "plain words"` as the message, bytes as sent', async () => {
    const env = { CP: w.http.url, TOKEN: w.token };
    const sent = 'plain words + 100%20 sure & certain';
    const command = `curl -H "Authorization: Bearer $TOKEN" -d "${sent}" "$CP/intake/webhook/plain"`;
    const { status, out } = await run(command, env);
    expect(status, out).toBe(200);
    const items = await listItemViews(w.t.app, w.userId, { limit: 100 });
    expect(items.some((item) => item.contentHtml?.includes(sent.replace('&', '&amp;')))).toBe(true);
  });
});
