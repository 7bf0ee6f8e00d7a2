/**
 * The stored `config` of an imap source: how to reach the mailbox (the password encrypted
 * with CHECKPOINT_SECRET), what counts as a newsletter, and how the web view treats remote
 * images; and its `state`: each folder's position and what the last run did.
 */
import { z } from 'zod';
import { ValidationError } from '../../domain/errors.ts';
import { decryptSecret } from '../../lib/crypto.ts';
import { remoteImagesField } from '../mail/remote-images.ts';
import type { ImapLogin } from './connect.ts';

export const TLS_MODES = ['none', 'starttls', 'tls'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

/** A first sync takes the last 30 days of mail, not a decade of archive. */
export const DEFAULT_SINCE_DAYS = 30;

export const imapConfigSchema = z.object({
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
  remoteImages: remoteImagesField,
  /**
   * `SHA256:AB:CD:…` of the server's certificate the user chose to trust: then that
   * certificate, and only it, is accepted instead of one a CA vouches for.
   */
  tlsFingerprint: z
    .string()
    .regex(/^SHA256(:[0-9A-F]{2}){32}$/)
    .nullable()
    .default(null),
});

/** An IMAP source's settings as stored (password still encrypted). */
export type StoredImapConfig = z.infer<typeof imapConfigSchema>;

const folderStateSchema = z.object({
  uidValidity: z.string(),
  lastUid: z.number().int().min(0),
  // Older states had no pending moves.
  pendingMove: z.array(z.number().int()).default([]),
});

export const imapStateSchema = z.looseObject({
  folders: z.record(z.string(), folderStateSchema).optional(),
  /** What the last run did (shown by `source list --json` readers and the web page). */
  lastRun: z
    .object({
      scanned: z.number(),
      matched: z.number(),
      moved: z.number(),
      complete: z.boolean(),
      resynced: z.boolean(),
      /** Stored newsletters still in the folder because the server refused the move. */
      notMoved: z.number().default(0),
      /** The server's answer to that move (`NO [OVERQUOTA] …`), null when all moved. */
      moveError: z.string().nullable().default(null),
    })
    .optional(),
});

/** The `state` JSON of an imap source. */
export type ImapSourceState = z.infer<typeof imapStateSchema>;

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

/**
 * The login of a stored imap config (password decrypted).
 *
 * @example const mailbox = await connectMailbox(imapLogin(config, secret), { allowNetworks });
 */
export function imapLogin(config: StoredImapConfig, secret: string): ImapLogin {
  return {
    host: config.host,
    port: config.port,
    tls: config.tls,
    user: config.user,
    password: imapPassword(config, secret),
    fingerprint: config.tlsFingerprint,
  };
}
