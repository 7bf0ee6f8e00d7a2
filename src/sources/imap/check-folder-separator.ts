/**
 * Folder names as the user writes them against the server's hierarchy separator. On a server
 * that separates with `.` (Courier, Dovecot with Maildir++) a `/` is not a level: the server
 * answers "Invalid mailbox name" at the first move, naming neither the folder nor the
 * separator. Refused when the source is added or changed, with the name to write instead.
 */
import { ImapError } from './errors.ts';

/**
 * Throws `ImapError('imap_folder')` when `folder` uses `/` but the server's separator is
 * another character; a server that names no separator is taken at its word.
 *
 * @example checkFolderSeparator('News/Weekly', '.') // throws: … write "News.Weekly"
 */
export function checkFolderSeparator(folder: string, separator: string | null): void {
  if (!separator || separator === '/' || !folder.includes('/')) return;
  const written = folder.split('/').join(separator);
  throw new ImapError(
    'imap_folder',
    `imap: "${folder}" uses "/", but this server separates folders with "${separator}"; write "${written}"`,
  );
}
