import type { enImapTrust } from './en-imap-trust.ts';

/** Dutch strings of en-imap-trust.ts (the same keys, checked by the type). */
export const nlImapTrust: Record<keyof typeof enImapTrust, string> = {
  'mailbox.fingerprint': 'Vertrouwd certificaat (SHA-256-vingerafdruk, niet verplicht)',
  'mailbox.fingerprintHelp':
    'Alleen voor een server met een zelfondertekend certificaat of een van een eigen certificaatautoriteit: dan wordt precies het certificaat met deze vingerafdruk geaccepteerd, en geen ander. Leeg: de gewone autoriteiten vertrouwen.',
  'mailbox.certificate':
    'Het certificaat van de server: {subject}, uitgegeven door {issuer}, geldig van {validFrom} tot {validTo}.',
  'mailbox.problem.certificate':
    'Het certificaat van de server wordt niet vertrouwd. Is dit je eigen server, vergelijk dan de vingerafdruk en vertrouw hem.',
  'mailbox.certificateFingerprint': 'SHA-256-vingerafdruk',
  'mailbox.trust': 'Dit certificaat vertrouwen',
  'mailbox.trustHelp':
    'Vergelijk de vingerafdruk met die van je aanbieder of serverbeheerder (openssl x509 -noout -fingerprint -sha256) voor je hem vertrouwt.',
  'sources.warning': 'OK, met een waarschuwing: {warning}',
  'error.imap.fingerprint':
    'Dat is geen SHA-256-vingerafdruk: die heeft 64 hexadecimale tekens, zoals SHA256:AB:CD:…',
  'error.imap.fingerprintPlain':
    'Een vertrouwd certificaat vraagt om een versleutelde verbinding: kies TLS of STARTTLS.',
};
