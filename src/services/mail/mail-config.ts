/**
 * The `config` JSON of mail sources (kinds `imap` and `smtp`): how to reach the mailbox (the
 * password encrypted with CHECKPOINT_SECRET), what counts as a newsletter, and how the web
 * view treats remote images.
 */
import { z } from 'zod';
import { invalid, ValidationError } from '../../domain/errors.ts';
import { decryptSecret, encryptSecret } from '../../lib/crypto.ts';
import { normaliseMarkedSender } from '../../sources/mail/detect.ts';

export const TLS_MODES = ['none', 'starttls', 'tls'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

/** `block`: the web view shows remote images only on request; `show`: it loads them. */
export const REMOTE_IMAGES = ['block', 'show'] as const;
export type RemoteImages = (typeof REMOTE_IMAGES)[number];

/** Default for new mail sources: newsletter images mostly exist to report that you opened them. */
export const DEFAULT_REMOTE_IMAGES: RemoteImages = 'block';
/** A first sync takes the last 30 days of mail, not a decade of archive. */
export const DEFAULT_SINCE_DAYS = 30;

const mailCommon = {
  remoteImages: z.enum(REMOTE_IMAGES).default(DEFAULT_REMOTE_IMAGES),
};

const imapStored = z.object({
  host: z.string(),
  port: z.number().int(),
  tls: z.enum(TLS_MODES),
  user: z.string(),
  /** `encryptSecret` output. */
  password: z.string(),
  folder: z.string().default('INBOX'),
  moveTo: z.string().nullable().default(null),
  senders: z.array(z.string()).default([]),
  sinceDays: z.number().int().min(0).default(DEFAULT_SINCE_DAYS),
  ...mailCommon,
});

/** An IMAP source's settings as stored (password still encrypted). */
export type StoredImapConfig = z.infer<typeof imapStored>;

const smtpStored = z.object({ ...mailCommon });
export type StoredSmtpConfig = z.infer<typeof smtpStored>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** Reads an imap source's config; a broken one is a clear error, not a crash in the loop. */
export function readImapConfig(configJson: string): StoredImapConfig {
  const result = imapStored.safeParse(parseJson(configJson));
  if (!result.success)
    throw invalid('imap: the stored mailbox settings are incomplete', 'error.imap.stored');
  return result.data;
}

/** Reads an smtp (own address) source's config, with defaults. */
export function readSmtpConfig(configJson: string): StoredSmtpConfig {
  const result = smtpStored.safeParse(parseJson(configJson));
  return result.success ? result.data : { remoteImages: DEFAULT_REMOTE_IMAGES };
}

/** The stored IMAP password, decrypted. */
export function imapPassword(config: StoredImapConfig, secret: string): string {
  try {
    return decryptSecret(config.password, secret);
  } catch (error) {
    throw new ValidationError(
      'imap: the stored password cannot be decrypted (was CHECKPOINT_SECRET changed?); enter it again',
      [],
      { cause: error, localised: { key: 'error.imap.decrypt' } },
    );
  }
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
