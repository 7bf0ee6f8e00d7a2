/**
 * A `MailboxClient` over imapflow. The host passes the SSRF guard first and the socket goes to
 * the address the guard approved (the host name is kept for SNI and certificate checks), so
 * that a host name cannot be re-resolved to a forbidden address in between.
 */
import { isIP } from 'node:net';
import type { ImapFlow } from 'imapflow';
import { assertHostAllowed, parseNetworks, unbracket } from '../../lib/net/ssrf.ts';
import { ImapError, type ImapTarget, toImapError } from './errors.ts';
import {
  type FetchedHeaders,
  type FetchedSource,
  type MailboxClient,
  type OpenedFolder,
  uidSet,
} from './mailbox-client.ts';
import { type CommandErrors, canMoveSafely, cannotMove, moveMessages } from './move-messages.ts';
import { checkedTransport } from './tls-transport.ts';

/** Everything needed to log in. */
export interface ImapLogin extends ImapTarget {
  password: string;
  /** The pinned `SHA256:…` of the server's certificate; absent or null: the system CAs. */
  fingerprint?: string | null;
}

export interface ConnectOptions {
  /** CHECKPOINT_ALLOW_NETWORKS. */
  allowNetworks: readonly string[];
  /** Connect, greeting and idle-socket limit (default 30 s). */
  timeoutMs?: number;
  /** Epoch ms, for "the pinned certificate expired" (default: the system clock). */
  now?: () => number;
  /** Told what is worth a warning but no failure (a pinned certificate that expired). */
  onWarning?: (warning: string) => void;
}

const asDate = (value: Date | string | undefined): Date | null => {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

/**
 * Connects and logs in; fails with an `ImapError` (wrong password, TLS problem, refused…).
 *
 * @example const mailbox = await connectMailbox(login, { allowNetworks: [] }); … await mailbox.close();
 */
export async function connectMailbox(
  login: ImapLogin,
  options: ConnectOptions,
): Promise<MailboxClient> {
  const host = unbracket(login.host);
  const timeout = options.timeoutMs ?? 30_000;
  let client: ImapFlow;
  const errors: CommandErrors = { last: undefined };
  try {
    const address = await assertHostAllowed(host, parseNetworks(options.allowNetworks));
    const servername = isIP(host) ? undefined : host;
    // Loaded on first use: every CLI command would otherwise pay for it at start-up.
    const { ImapFlow } = await import('imapflow');
    client = new ImapFlow({
      host: address,
      port: login.port,
      secure: login.tls === 'tls',
      // 'starttls' insists on the upgrade; 'none' never tries it (a test or a LAN server).
      doSTARTTLS: login.tls === 'starttls' ? true : login.tls === 'none' ? false : undefined,
      ...(servername ? { servername, tls: { servername } } : {}),
      // Our sockets: the certificate is judged (CAs or the pinned fingerprint) before the login.
      ...(login.tls === 'none'
        ? {}
        : {
            transport: checkedTransport(login, {
              fingerprint: login.fingerprint ?? null,
              now: options.now ?? Date.now,
              ...(options.onWarning ? { onWarning: options.onWarning } : {}),
            }),
          }),
      auth: { user: login.user, pass: login.password },
      // imapflow logs a command's failure (the server's answer) and returns false: keep it.
      logger: {
        debug: () => {},
        info: () => {},
        warn: (entry: { err?: unknown }) => {
          if (entry?.err) errors.last = entry.err;
        },
        error: () => {},
      },
      disableAutoIdle: true,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout * 2,
      clientInfo: { name: 'Checkpoint' },
    });
    // A dropped connection also emits 'error'; the pending command rejects, which is enough.
    client.on('error', () => {});
    await client.connect();
  } catch (error) {
    throw toImapError(error, login);
  }
  return flowClient(client, login, errors);
}

async function openFolder(
  client: ImapFlow,
  target: ImapTarget,
  folder: string,
  readOnly: boolean,
): Promise<OpenedFolder> {
  try {
    const box = await client.mailboxOpen(folder, { readOnly });
    // Courier answers SELECT without UIDNEXT: imapflow then has no number (or NaN) here.
    const uidNext = Number.isSafeInteger(box.uidNext) && box.uidNext > 0 ? box.uidNext : null;
    return { uidValidity: String(box.uidValidity), uidNext, exists: box.exists };
  } catch (error) {
    if (!(error as { mailboxMissing?: boolean }).mailboxMissing) throw error;
    const known = await client.list().then(
      (boxes) => boxes.map((box) => box.path),
      () => [],
    );
    throw new ImapError(
      'imap_folder',
      `imap: there is no folder "${folder}" on ${target.host}${known.length ? ` (folders: ${known.join(', ')})` : ''}`,
      { cause: error },
    );
  }
}

async function searchUids(
  client: ImapFlow,
  afterUid: number,
  since: Date | null,
): Promise<number[]> {
  const query = afterUid > 0 || !since ? { uid: `${afterUid + 1}:*` } : { since };
  const found = (await client.search(query, { uid: true })) || [];
  // `n:*` also matches the highest UID when it is below n (RFC 9051 §6.4.8).
  return found.filter((uid) => uid > afterUid).sort((a, b) => a - b);
}

async function fetchHeaders(
  client: ImapFlow,
  uids: readonly number[],
  fields: readonly string[],
): Promise<FetchedHeaders[]> {
  if (uids.length === 0) return [];
  const query = { uid: true, headers: [...fields], size: true, internalDate: true };
  const rows = await client.fetchAll(uidSet(uids), query, { uid: true });
  return rows.map((m) => ({
    uid: m.uid,
    headers: m.headers ?? new Uint8Array(),
    size: m.size ?? 0,
    internalDate: asDate(m.internalDate),
  }));
}

async function fetchSources(
  client: ImapFlow,
  uids: readonly number[],
  maxBytes: number,
): Promise<FetchedSource[]> {
  if (uids.length === 0) return [];
  const query = { uid: true, source: { maxLength: maxBytes }, internalDate: true };
  const rows = await client.fetchAll(uidSet(uids), query, { uid: true });
  return rows.map((m) => ({
    uid: m.uid,
    source: m.source ?? new Uint8Array(),
    internalDate: asDate(m.internalDate),
  }));
}

/**
 * The path the server lists for a configured folder: under a personal namespace `INBOX.`
 * (Courier), `Newsletters` is `INBOX.Newsletters`. imapflow adds the prefix the same way to
 * every command that names a folder; INBOX is never prefixed.
 */
export function namespacedPath(client: Pick<ImapFlow, 'namespace'>, folder: string): string {
  if (folder.toUpperCase() === 'INBOX') return 'INBOX';
  const prefix = client.namespace?.prefix ?? '';
  return prefix && !folder.startsWith(prefix) ? prefix + folder : folder;
}

function flowClient(client: ImapFlow, target: ImapTarget, errors: CommandErrors): MailboxClient {
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw toImapError(error, target);
    }
  };
  return {
    folders: () => guard(async () => (await client.list()).map((box) => box.path)),
    open: (folder, readOnly) => guard(() => openFolder(client, target, folder, readOnly)),
    searchUids: ({ afterUid, since }) => guard(() => searchUids(client, afterUid, since)),
    fetchHeaders: (uids, fields) => guard(() => fetchHeaders(client, uids, fields)),
    fetchSources: (uids, maxBytes) => guard(() => fetchSources(client, uids, maxBytes)),
    move: (uids, folder, options) =>
      guard(() => moveMessages(client, target, errors, uids, folder, options?.retry ?? false)),
    canMove: () => canMoveSafely(client),
    ensureFolder: (folder) =>
      guard(async () => {
        if (!canMoveSafely(client)) throw cannotMove(target);
        const path = namespacedPath(client, folder);
        const known = await client.list();
        // Compared as the server lists it: Courier refuses to CREATE what exists, without ALREADYEXISTS.
        if (!known.some((box) => box.path === path)) await client.mailboxCreate(folder);
      }),
    separator: () => client.namespace?.delimiter || null,
    async close() {
      try {
        await client.logout();
      } catch {
        client.close();
      }
    },
  };
}
