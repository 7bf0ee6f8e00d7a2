/**
 * The `config` JSON of mail sources (kinds `imap` and `smtp`), whose schemas live with their
 * kinds (src/sources/imap, src/sources/smtp); here what the mail use cases need around them:
 * reading with defaults, encrypting a new password, checking marked senders and folders.
 */
import { invalid } from '../../domain/errors.ts';
import { encryptSecret } from '../../lib/crypto.ts';
import type { StoredImapConfig } from '../../sources/imap/config.ts';
import { imapKind } from '../../sources/imap/spec.ts';
import { normaliseMarkedSender } from '../../sources/mail/detect.ts';
import { DEFAULT_REMOTE_IMAGES } from '../../sources/mail/remote-images.ts';
import { type SmtpConfig, smtpConfigSchema } from '../../sources/smtp/spec.ts';
import { readConfig } from '../../sources/stored.ts';

export {
  DEFAULT_SINCE_DAYS,
  imapPassword,
  type StoredImapConfig,
  TLS_MODES,
  type TlsMode,
} from '../../sources/imap/config.ts';
export {
  DEFAULT_REMOTE_IMAGES,
  REMOTE_IMAGES,
  type RemoteImages,
} from '../../sources/mail/remote-images.ts';

import { readJsonAs } from '../../lib/json.ts';

export type StoredSmtpConfig = SmtpConfig;

/** Reads an imap source's config; a broken one is a clear error, not a crash in the loop. */
export function readImapConfig(configJson: string): StoredImapConfig {
  return readConfig(imapKind, 0, configJson);
}

/** Reads an smtp (own address) source's config, with defaults. */
export function readSmtpConfig(configJson: string): StoredSmtpConfig {
  return readJsonAs(smtpConfigSchema, configJson) ?? { remoteImages: DEFAULT_REMOTE_IMAGES };
}

export function encryptPassword(password: string, secret: string): string {
  return encryptSecret(password, secret);
}

/**
 * Normalises a list of marked senders; a usage mistake is a `ValidationError` naming it.
 *
 * @example markedSenders(['News@Example.org', 'example.com']) // ['news@example.org', '@example.com']
 */
export function markedSenders(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of list) {
    const normalised = normaliseMarkedSender(entry);
    if (!normalised) {
      throw invalid(
        `imap: "${entry}" is neither an e-mail address nor a domain (like news@example.org or example.org)`,
        'error.imap.sender',
        { sender: entry },
      );
    }
    if (!out.includes(normalised)) out.push(normalised);
  }
  return out;
}

function hasControlCharacter(text: string): boolean {
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Checks a folder name as given by the user (IMAP folder names are free text, but not empty,
 * without control characters, and not absurdly long).
 */
export function checkFolder(name: string, what = 'folder'): string {
  const value = name.trim();
  if (!value || value.length > 200 || hasControlCharacter(value)) {
    throw invalid(`imap: "${name}" is not a usable ${what} name`, 'error.imap.folder', { name });
  }
  return value;
}
