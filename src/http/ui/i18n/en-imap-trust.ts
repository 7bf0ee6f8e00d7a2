/**
 * English strings of trusting a mailbox server's certificate by fingerprint, and of a fetch
 * that stored its items with a warning. Spread into `en` (en.ts); nl-imap-trust.ts has the Dutch.
 */
export const enImapTrust = {
  'mailbox.fingerprint': 'Trusted certificate (SHA-256 fingerprint, optional)',
  'mailbox.fingerprintHelp':
    'Only for a server with a self-signed certificate or one from a private authority: then exactly the certificate with this fingerprint is accepted, and no other. Empty: trust the usual authorities.',
  'mailbox.certificate':
    'The server’s certificate: {subject}, issued by {issuer}, valid {validFrom} to {validTo}.',
  'mailbox.problem.certificate':
    'The server’s certificate is not trusted. If this is your own server, compare its fingerprint and trust it.',
  'mailbox.certificateFingerprint': 'SHA-256 fingerprint',
  'mailbox.trust': 'Trust this certificate',
  'mailbox.trustHelp':
    'Compare the fingerprint with the one your provider or server admin gives you (openssl x509 -noout -fingerprint -sha256) before you trust it.',
  'sources.warning': 'OK, with a warning: {warning}',
  'error.imap.fingerprint':
    'That is not a SHA-256 fingerprint: it has 64 hexadecimal digits, like SHA256:AB:CD:…',
  'error.imap.fingerprintPlain':
    'A trusted certificate needs an encrypted connection: choose TLS or STARTTLS.',
} as const;
