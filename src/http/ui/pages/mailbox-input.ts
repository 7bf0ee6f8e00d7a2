/** The mailbox forms of the Newsletters page read into what the mail services take. */
import type { ImapSettingsPatch, ImapSourceInput } from '../../../services/mail/imap-sources.ts';
import { TLS_MODES, type TlsMode } from '../../../services/mail/mail-config.ts';

type Body = Record<string, string | File | (string | File)[]>;

const text = (body: Body, name: string): string => {
  const value = body[name];
  return typeof value === 'string' ? value : '';
};

/** `a@b.org, example.org` or one per line → the list (validated by the service). */
function senderList(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** What the mailbox form sent, as the service takes it. */
export function mailboxInput(body: Body): ImapSourceInput {
  const tls = text(body, 'tls');
  const port = text(body, 'port').trim();
  return {
    host: text(body, 'host').trim(),
    port: /^\d{1,5}$/.test(port) ? Number(port) : Number.NaN,
    tls: (TLS_MODES as readonly string[]).includes(tls) ? (tls as TlsMode) : 'tls',
    user: text(body, 'user'),
    password: text(body, 'password'),
    folder: text(body, 'folder').trim() || 'INBOX',
    moveTo: text(body, 'moveTo').trim() || null,
    senders: senderList(text(body, 'senders')),
    remoteImages: text(body, 'remoteImages') === 'show' ? 'show' : 'block',
    tlsFingerprint: fingerprint(body) ?? null,
  };
}

/**
 * The fingerprint to trust: the "Trust this certificate" button's, else the field's (empty:
 * none); undefined when the form has no such field (the pin is then left as it is).
 */
function fingerprint(body: Body): string | null | undefined {
  const trusted = text(body, 'trustFingerprint').trim();
  if (trusted) return trusted;
  if (!('tlsFingerprint' in body)) return undefined;
  return text(body, 'tlsFingerprint').trim() || null;
}

/** The settings form of a connected mailbox, as a patch (an empty password keeps the old one). */
export function mailboxPatch(body: Body): ImapSettingsPatch {
  const password = text(body, 'password');
  return {
    folder: text(body, 'folder').trim() || 'INBOX',
    moveTo: text(body, 'moveTo').trim() || null,
    senders: senderList(text(body, 'senders')),
    remoteImages: text(body, 'remoteImages') === 'show' ? 'show' : 'block',
    ...(password ? { password } : {}),
    ...(fingerprint(body) !== undefined ? { tlsFingerprint: fingerprint(body) } : {}),
  };
}
