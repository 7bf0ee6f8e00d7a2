/**
 * The SMTP intake spools each message to a file while it is checked and stored: the file is
 * gone afterwards whether the message was stored, refused as too big, or failed to store.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ReceivedMail,
  type SmtpIntake,
  startSmtpIntake,
} from '../../src/intake/smtp/server.ts';
import { fixtureResolver } from '../helpers/smtp.ts';

const DOMAIN = 'in.checkpoint.test';

describe('SMTP intake spool', () => {
  let dir: string;
  let intake: SmtpIntake;
  let failNext = false;
  const seen: { spooled: string[]; modes: number[]; text: string }[] = [];
  const send = (subject: string, text: string) =>
    nodemailer
      .createTransport({ host: '127.0.0.1', port: intake.port, ignoreTLS: true })
      .sendMail({ from: 'a@good.example', to: `x@${DOMAIN}`, subject, text });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-spool-'));
    intake = await startSmtpIntake({
      host: '127.0.0.1',
      port: 0,
      domain: DOMAIN,
      spoolDir: dir,
      maxBytes: 64 * 1024,
      resolver: fixtureResolver({}),
      acceptLocalPart: async () => true,
      deliver: async (mail: ReceivedMail) => {
        // While `deliver` runs the message is a file in the spool, read as a stream.
        const raw = typeof mail.raw === 'function' ? mail.raw() : null;
        const text = raw ? Buffer.concat(await raw.toArray()).toString('utf8') : '';
        const spooled = await readdir(dir);
        const modes = await Promise.all(
          spooled.map(async (name) => (await stat(join(dir, name))).mode & 0o777),
        );
        seen.push({ spooled, modes, text });
        if (failNext) throw new Error('disk full');
      },
    });
  });
  afterAll(async () => {
    await intake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('removes the file after a stored message', async () => {
    const info = await send('Stored', 'kept for a checkpoint');
    expect(info.response).toMatch(/^250 /);
    expect(seen.at(-1)?.spooled).toEqual([expect.stringMatching(/^checkpoint-smtp-.+\.eml$/)]);
    expect(seen.at(-1)?.modes).toEqual([0o600]);
    expect(seen.at(-1)?.text).toMatch(/Subject: Stored[\s\S]*kept for a checkpoint/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes the file after a message that failed to store (451)', async () => {
    failNext = true;
    await expect(send('Failing', 'x')).rejects.toMatchObject({ responseCode: 451 });
    failNext = false;
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes the file after a message over the limit (552)', async () => {
    const before = seen.length;
    await expect(send('Too big', 'y'.repeat(80 * 1024))).rejects.toMatchObject({
      responseCode: 552,
    });
    expect(seen).toHaveLength(before);
    expect(await readdir(dir)).toEqual([]);
  });
});
