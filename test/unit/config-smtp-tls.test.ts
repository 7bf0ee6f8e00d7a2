import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.ts';

const SECRET = 'test-secret-test-secret-test-secret-0123';

describe('CHECKPOINT_SMTP_TLS_CERT and CHECKPOINT_SMTP_TLS_KEY', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-config-tls-'));
    // Contents are not checked here (the intake loads them); only that the files can be read.
    await writeFile(join(dir, 'cert.pem'), 'certificate');
    await writeFile(join(dir, 'key.pem'), 'key');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const load = (env: Record<string, string>) =>
    loadConfig({ CHECKPOINT_SECRET: SECRET, ...env }, dir);
  const problems = (env: Record<string, string>) => {
    try {
      load(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
    throw new Error('expected a ConfigError');
  };

  it('leaves STARTTLS off when neither is set', () => {
    expect(load({}).smtpTls).toBeNull();
  });

  it('takes both when both files can be read', () => {
    const config = load({
      CHECKPOINT_SMTP_TLS_CERT: join(dir, 'cert.pem'),
      CHECKPOINT_SMTP_TLS_KEY: join(dir, 'key.pem'),
    });
    expect(config.smtpTls).toEqual({
      certFile: join(dir, 'cert.pem'),
      keyFile: join(dir, 'key.pem'),
    });
  });

  it('refuses one without the other, naming the missing one', () => {
    expect(problems({ CHECKPOINT_SMTP_TLS_CERT: join(dir, 'cert.pem') })).toEqual([
      expect.stringMatching(
        /^CHECKPOINT_SMTP_TLS_KEY: must be set together with CHECKPOINT_SMTP_TLS_CERT/,
      ),
    ]);
    expect(problems({ CHECKPOINT_SMTP_TLS_KEY: join(dir, 'key.pem') })).toEqual([
      expect.stringMatching(
        /^CHECKPOINT_SMTP_TLS_CERT: must be set together with CHECKPOINT_SMTP_TLS_KEY/,
      ),
    ]);
  });

  it('refuses a file that is missing or a directory', () => {
    const missing = join(dir, 'missing.pem');
    expect(problems({ CHECKPOINT_SMTP_TLS_CERT: missing, CHECKPOINT_SMTP_TLS_KEY: dir })).toEqual([
      `CHECKPOINT_SMTP_TLS_CERT: must be a readable file (ENOENT) (got ${JSON.stringify(missing)})`,
      `CHECKPOINT_SMTP_TLS_KEY: must be a readable file (EISDIR) (got ${JSON.stringify(dir)})`,
    ]);
  });
});
