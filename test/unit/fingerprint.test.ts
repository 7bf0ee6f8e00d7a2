import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  describeCertificate,
  normaliseFingerprint,
  summariseCertificate,
} from '../../src/sources/imap/fingerprint.ts';

const HEX = `${'ab'.repeat(16)}${'0123456789abcdef'.repeat(2)}`;
const CANONICAL = `SHA256:${HEX.toUpperCase().match(/../g)?.join(':')}`;

describe('normaliseFingerprint', () => {
  it.each([
    ['plain lower-case hex', HEX],
    ['colon-separated', HEX.match(/../g)?.join(':') ?? ''],
    ['SHA256: prefixed', CANONICAL],
    ['openssl output', `sha256 Fingerprint=${CANONICAL.slice(7)}`],
    ['OpenSSH-like SHA-256 prefix', `SHA-256 ${HEX}`],
    ['spaces around and between', `  ${HEX.match(/.{8}/g)?.join(' ')}  `],
  ])('accepts %s', (_name, input) => {
    expect(normaliseFingerprint(input)).toBe(CANONICAL);
  });

  it.each([
    ['a SHA-1 fingerprint', `${'AB:'.repeat(19)}AB`],
    ['a digit too many', `${HEX}0`],
    ['no hex', 'z'.repeat(64)],
    ['another algorithm', `SHA1:${HEX}`],
    ['empty', ''],
  ])('refuses %s with a message that says what it expects', (_name, input) => {
    expect(() => normaliseFingerprint(input)).toThrow(
      /is not a SHA-256 fingerprint \(64 hex digits/,
    );
  });
});

describe('summariseCertificate', () => {
  it('names subject, issuer, validity and the fingerprint openssl prints', () => {
    const pem = readFileSync(new URL('../fixtures/tls/self-signed.pem', import.meta.url), 'utf8');
    const summary = summariseCertificate(new X509Certificate(pem));
    expect(summary).toMatchObject({
      fingerprint: readFileSync(
        new URL('../fixtures/tls/self-signed.sha256', import.meta.url),
        'utf8',
      ).trim(),
      subject: 'CN=imap.example.test, O=Checkpoint fixture',
      selfSigned: true,
    });
    expect(describeCertificate(summary)).toMatch(
      /^CN=imap\.example\.test, O=Checkpoint fixture \(self-signed, valid \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\), fingerprint SHA256:[0-9A-F:]{95}$/,
    );
  });
});
