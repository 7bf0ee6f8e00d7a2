import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.ts';

const dirs: string[] = [];
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'checkpoint-config-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('applies the documented defaults and freezes the result', async () => {
    const cwd = await tempDir();
    const config = loadConfig({}, cwd);
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.baseUrl).toBe('http://localhost:8080');
    expect(config.dataDir).toBe(join(cwd, 'data'));
    expect(config.databaseUrl).toBeNull();
    expect(config.allowNetworks).toEqual([]);
    expect(config.fetch.maxBytes).toBe(15 * 1024 * 1024);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.fetch)).toBe(true);
  });

  it('derives the base URL from PORT and parses every variable', async () => {
    const cwd = await tempDir();
    const config = loadConfig(
      {
        PORT: '9000',
        CHECKPOINT_HOST: '0.0.0.0',
        CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32, 10.0.0.0/8',
        CHECKPOINT_SMTP_URL: 'smtp://u:p@127.0.0.1:2525',
        CHECKPOINT_SMTP_PORT: '2526',
        CHECKPOINT_MAIL_DOMAIN: 'In.Example.org',
        CHECKPOINT_DATABASE_URL: 'postgres://a:b@127.0.0.1/db',
        LOG_LEVEL: 'debug',
      },
      cwd,
    );
    expect(config.baseUrl).toBe('http://localhost:9000');
    expect(config.host).toBe('0.0.0.0');
    expect(config.allowNetworks).toEqual(['127.0.0.1/32', '10.0.0.0/8']);
    expect(config.smtpPort).toBe(2526);
    expect(config.mailDomain).toBe('in.example.org');
    expect(config.databaseUrl).toBe('postgres://a:b@127.0.0.1/db');
    expect(config.logLevel).toBe('debug');
  });

  it('lists every bad key in one error', async () => {
    const cwd = await tempDir();
    let error: unknown;
    try {
      loadConfig(
        {
          PORT: 'eighty',
          CHECKPOINT_BASE_URL: 'ftp://x',
          CHECKPOINT_ALLOW_NETWORKS: 'everything',
          LOG_LEVEL: 'loud',
          CHECKPOINT_SECRET: 'short',
        },
        cwd,
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const key of [
      'PORT',
      'CHECKPOINT_BASE_URL',
      'CHECKPOINT_ALLOW_NETWORKS',
      'LOG_LEVEL',
      'CHECKPOINT_SECRET',
    ]) {
      expect(problems).toContain(key);
    }
    expect((error as ConfigError).problems).toHaveLength(5);
    expect((error as ConfigError).message).toContain('"eighty"');
  });

  it('takes DNS servers as addresses with optional ports, and names a bad one', async () => {
    const cwd = await tempDir();
    expect(loadConfig({}, cwd).dnsServers).toEqual([]);
    expect(
      loadConfig({ CHECKPOINT_DNS_SERVERS: '127.0.0.1:5353, ::1, [::1]:53, 10.0.0.2' }, cwd)
        .dnsServers,
    ).toEqual(['127.0.0.1:5353', '::1', '[::1]:53', '10.0.0.2']);
    for (const bad of ['dns.example.org', '127.0.0.1:99999', '[::1]', '1.2.3']) {
      expect(() => loadConfig({ CHECKPOINT_DNS_SERVERS: bad }, cwd)).toThrow(
        new RegExp(`CHECKPOINT_DNS_SERVERS.*"${bad.replace(/[[\]]/g, '\\$&')}" is not one`, 's'),
      );
    }
  });

  it('trusts loopback proxies by default, and takes a CIDR list', async () => {
    const cwd = await tempDir();
    expect(loadConfig({}, cwd).trustedProxies).toEqual(['127.0.0.0/8', '::1/128']);
    expect(
      loadConfig({ CHECKPOINT_TRUSTED_PROXIES: '10.0.0.0/8, fd00::/8' }, cwd).trustedProxies,
    ).toEqual(['10.0.0.0/8', 'fd00::/8']);
    expect(() => loadConfig({ CHECKPOINT_TRUSTED_PROXIES: 'my-proxy' }, cwd)).toThrow(
      /CHECKPOINT_TRUSTED_PROXIES/,
    );
  });

  it('generates the secret once, mode 0600, and reuses it', async () => {
    const cwd = await tempDir();
    const first = loadConfig({}, cwd);
    const file = join(cwd, 'data', 'secret');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(first.secret);
    expect(loadConfig({}, cwd).secret).toBe(first.secret);
    expect(first.secret.length).toBeGreaterThanOrEqual(40);
  });

  it('treats empty variables as unset', async () => {
    const cwd = await tempDir();
    expect(loadConfig({ PORT: '', CHECKPOINT_SECRET: 'x'.repeat(32) }, cwd).port).toBe(8080);
  });
});
