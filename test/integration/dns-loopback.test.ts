import { type ChildProcess, spawn } from 'node:child_process';
import dns from 'node:dns';
import { mkdtemp, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCheckpoint } from '../helpers/cli.ts';
import { type DnsServer, startDnsServer } from '../helpers/dns-server.ts';
import { rss } from '../helpers/feeds.ts';
import { startFixtureServer } from '../helpers/fixture-server.ts';
import { freePort } from '../helpers/free-port.ts';

const isLoopback = (server: string) => {
  const host = server.replace(/^\[/, '').replace(/\](:\d+)?$|:\d+$/, '');
  return isIP(host) === 4 ? host.startsWith('127.') : host === '::1';
};

describe('DNS stays on this machine', () => {
  it('every test worker resolves through the loopback resolver, which knows no real name', async () => {
    const servers = [...dns.getServers(), ...dns.promises.getServers()];
    expect(servers.length).toBeGreaterThan(0);
    expect(servers.filter((s) => !isLoopback(s))).toEqual([]);
    await expect(dns.promises.resolveTxt('example.org')).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });

  describe('a served SMTP intake checks SPF, DKIM and DMARC through CHECKPOINT_DNS_SERVERS', () => {
    let dir: string;
    let server: ChildProcess;
    let resolver: DnsServer;
    let env: Record<string, string>;
    let smtpPort: number;
    let output = '';

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'checkpoint-dns-'));
      resolver = await startDnsServer({
        'good.example': { TXT: ['v=spf1 ip4:127.0.0.1 -all'] },
        '_dmarc.good.example': { TXT: ['v=DMARC1; p=reject'] },
      });
      smtpPort = await freePort();
      env = {
        CHECKPOINT_DATA_DIR: join(dir, 'data'),
        PORT: String(await freePort()),
        CHECKPOINT_SMTP_PORT: String(smtpPort),
        CHECKPOINT_MAIL_DOMAIN: 'in.example.net',
        CHECKPOINT_DNS_SERVERS: resolver.address,
      };
      server = spawn(process.execPath, [BIN, 'serve'], {
        env: { PATH: process.env.PATH ?? '', HOME: dir, LOG_LEVEL: 'warn', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      server.stderr?.setEncoding('utf8').on('data', (d: string) => {
        output += d;
      });
      await new Promise<void>((resolve, reject) => {
        server.stdout?.setEncoding('utf8').on('data', (d: string) => {
          output += d;
          if (output.includes('Checkpoint is running at')) resolve();
        });
        server.once('exit', (code) => reject(new Error(`serve exited ${code}:\n${output}`)));
      });
    });
    afterAll(async () => {
      if (server?.exitCode === null) server.kill('SIGKILL');
      await resolver.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('asks the configured resolver, and records what it answered', async () => {
      const created = await runCheckpoint(['address', 'create', '--json'], env);
      expect(created.code).toBe(0);
      const { address } = JSON.parse(created.stdout) as { address: string };
      await nodemailer
        .createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true })
        .sendMail({
          from: '"Good News" <news@good.example>',
          to: address,
          subject: 'Resolved on loopback',
          text: 'The harbour edition.',
        });
      const items = await runCheckpoint(['items', '--json'], env);
      const [item] = JSON.parse(items.stdout) as { id: number; title: string }[];
      expect(item?.title).toBe('Resolved on loopback');
      const shown = await runCheckpoint(['mail', 'show', String(item?.id), '--json'], env);
      const mail = JSON.parse(shown.stdout) as { auth: { summary: string } };
      expect(mail.auth.summary).toBe('spf=pass dkim=none dmarc=pass');
      expect(resolver.questions).toEqual(
        expect.arrayContaining([
          { name: 'good.example', type: 'TXT' },
          { name: '_dmarc.good.example', type: 'TXT' },
        ]),
      );
    });
  });

  it('the SSRF guard resolves feed hosts through CHECKPOINT_DNS_SERVERS, and judges what they answer', async () => {
    const site = await startFixtureServer();
    const resolver = await startDnsServer({
      'feeds.fixture.test': { A: ['127.0.0.1'] },
      'inside.fixture.test': { A: ['10.1.2.3'] },
    });
    const dir = await mkdtemp(join(tmpdir(), 'checkpoint-dns-'));
    try {
      site.route('/feed.xml', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(rss('Named host', [{ guid: 'n1', title: 'Found by name' }]));
      });
      const port = new URL(site.urlFor('/')).port;
      const env = {
        CHECKPOINT_DATA_DIR: join(dir, 'data'),
        CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32',
        CHECKPOINT_DNS_SERVERS: resolver.address,
      };
      const parsed = await runCheckpoint(
        ['feed', 'parse', `http://feeds.fixture.test:${port}/feed.xml`, '--json'],
        env,
      );
      expect(parsed.code).toBe(0);
      expect((JSON.parse(parsed.stdout) as { title: string }).title).toBe('Named host');
      // A name that points inside the network is refused by the guard, never connected to.
      const inside = await runCheckpoint(
        ['feed', 'parse', `http://inside.fixture.test:${port}/feed.xml`, '--json'],
        env,
      );
      expect(inside.code).toBe(1);
      expect(inside.stderr).toContain('inside.fixture.test resolves to 10.1.2.3');
      // An unknown name is not found (the loopback resolver knows no real name).
      const unknown = await runCheckpoint(['feed', 'parse', 'http://example.org/feed.xml'], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('cannot resolve example.org');
      expect(resolver.questions.map((q) => q.name)).toEqual(
        expect.arrayContaining(['feeds.fixture.test', 'inside.fixture.test', 'example.org']),
      );
    } finally {
      await site.close();
      await resolver.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
