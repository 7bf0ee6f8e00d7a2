import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TlsPair, watchTlsFiles } from '../../src/intake/smtp/tls-files.ts';

/** A self-signed certificate for `cn` under `dir`/`name`.{cert,key}.pem. */
function makeCertificate(dir: string, name: string, cn: string) {
  const files = { certFile: join(dir, `${name}.cert.pem`), keyFile: join(dir, `${name}.key.pem`) };
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${cn}`].concat([
      '-keyout',
      files.keyFile,
      '-out',
      files.certFile,
    ]),
    { stdio: 'ignore' },
  );
  return files;
}

const subject = (pair: TlsPair) => new X509Certificate(pair.cert).subject;

describe('watchTlsFiles', () => {
  let dir: string;
  let one: { certFile: string; keyFile: string };
  let two: { certFile: string; keyFile: string };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-tls-files-'));
    one = makeCertificate(dir, 'one', 'one.test');
    two = makeCertificate(dir, 'two', 'two.test');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses at start a key that does not belong to the certificate, saying which files', async () => {
    const mixed = { certFile: one.certFile, keyFile: two.keyFile };
    await expect(
      watchTlsFiles(
        mixed,
        () => {},
        () => {},
      ),
    ).rejects.toMatchObject({
      code: 'smtp_tls_invalid',
      message: expect.stringContaining(`smtp: ${one.certFile} and ${two.keyFile} are not`),
    });
  });

  it('keeps the previous pair through a half-written renewal and takes the complete one', async () => {
    const live = { certFile: join(dir, 'live.cert.pem'), keyFile: join(dir, 'live.key.pem') };
    await copyFile(one.certFile, live.certFile);
    await copyFile(one.keyFile, live.keyFile);
    const applied: string[] = [];
    const warnings: unknown[] = [];
    const tls = await watchTlsFiles(
      live,
      (pair) => applied.push(subject(pair)),
      (error) => warnings.push(error),
    );
    expect(subject(tls.pair)).toBe('CN=one.test');
    await tls.refresh();
    expect(applied).toEqual([]); // nothing changed

    // The new certificate is in place, its key not yet.
    await copyFile(two.certFile, live.certFile);
    await tls.refresh();
    expect(applied).toEqual([]);
    expect(warnings).toEqual([expect.objectContaining({ code: 'smtp_tls_invalid' })]);

    await copyFile(two.keyFile, live.keyFile);
    await tls.refresh();
    expect(applied).toEqual(['CN=two.test']);

    // A file that is not PEM at all is refused the same way.
    await writeFile(live.certFile, 'not a certificate');
    await tls.refresh();
    expect(applied).toEqual(['CN=two.test']);
    expect(warnings).toHaveLength(2);
  });
});
