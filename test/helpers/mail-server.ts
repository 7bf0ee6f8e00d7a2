/**
 * What the IMAP tests need of a real mail server, whichever it is: Dovecot (dovecot.ts), Cyrus
 * IMAP (cyrus.ts) or Courier-IMAP (courier.ts). Folder names are written as the user writes
 * them (`Checkpoint`); imapflow adds a personal-namespace prefix (Courier's `INBOX.`) itself.
 */
import type { Dovecot } from './dovecot.ts';

export type MailServer = Pick<
  Dovecot,
  'host' | 'port' | 'user' | 'password' | 'append' | 'client' | 'messages' | 'recreateFolder'
> & {
  /** Changes the storage limit of the folder `Checkpoint` (Cyrus, Courier: of the mailbox). */
  setQuota(storage: string): Promise<void>;
  stop(): Promise<void>;
};

/** `'1K'`, `'100M'` (Dovecot's notation) in kibibytes. */
export function quotaKiB(storage: string): number {
  const match = /^(\d+)([KMG])$/i.exec(storage.trim());
  if (!match) throw new Error(`mail server: quota "${storage}" is not like 1K or 100M`);
  const unit = { K: 1, M: 1024, G: 1024 * 1024 }[match[2]!.toUpperCase() as 'K' | 'M' | 'G'];
  return Number(match[1]) * unit;
}
