/** The connected mailboxes as the Newsletters page shows them, and "connect, then fetch at once". */
import { findSource, listSources } from '../../db/repos/sources.ts';
import type { App } from '../app.ts';
import { refreshSource } from '../sources/refresh.ts';
import { type SourceView, toSourceView } from '../sources/sources.ts';
import {
  addImapSource,
  type ImapSettingsView,
  type ImapSourceInput,
  toImapSettingsView,
} from './imap-sources.ts';

/** A mailbox source with its settings; `settings` is null when its stored config is broken. */
export interface MailboxView {
  source: SourceView;
  settings: ImapSettingsView | null;
}

/**
 * The user's mailbox (imap) sources, oldest first as the sources list orders them.
 *
 * @example const mailboxes = await listMailboxes(app, user.id); mailboxes[0]?.settings?.folder // 'INBOX'
 */
export async function listMailboxes(app: App, userId: number): Promise<MailboxView[]> {
  const rows = (await listSources(app.db.kysely, userId)).filter((row) => row.kind === 'imap');
  return rows.map((row) => {
    let settings: ImapSettingsView | null;
    try {
      settings = toImapSettingsView(row);
    } catch {
      settings = null; // a broken config shows as the source's error; the row stays removable
    }
    return { source: toSourceView(row), settings };
  });
}

/** A mailbox just connected and what its first fetch held. */
export interface ConnectedMailbox {
  source: SourceView;
  itemsAdded: number;
}

/**
 * Connects a mailbox (`addImapSource`: login and folder checked first) and fetches it at once,
 * so that the page can say how many newsletters it now holds.
 *
 * @example const { source, itemsAdded } = await connectMailboxNow(app, user.id, input);
 */
export async function connectMailboxNow(
  app: App,
  userId: number,
  input: ImapSourceInput,
): Promise<ConnectedMailbox> {
  const source = await addImapSource(app, userId, input);
  const row = await findSource(app.db.kysely, userId, source.id);
  const fetched = row ? await refreshSource(app, row) : null;
  return { source, itemsAdded: fetched?.inserted.length ?? 0 };
}
