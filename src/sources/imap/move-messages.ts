/**
 * Moving messages over imapflow, where a move can fail half-way. imapflow's `messageMove`
 * answers `false` on a NO (`NO [OVERQUOTA]`) or a lost connection instead of throwing: here a
 * NO becomes a `MoveResult` the sync keeps pending, and a lost connection an `ImapError`.
 *
 * Without MOVE (RFC 6851) a move is COPY, then `\Deleted` + UID EXPUNGE of just those UIDs
 * (UIDPLUS, RFC 4315). A connection lost between the two leaves copies in the target: a retry
 * first looks there for what already arrived and only deletes those from the source folder,
 * so that moving twice never copies twice.
 */
import type { ImapFlow } from 'imapflow';
import { ImapError, type ImapTarget, toImapError } from './errors.ts';
import { type MoveResult, uidSet } from './mailbox-client.ts';

/** The last command failure imapflow logged (it logs the server's answer, then returns false). */
export interface CommandErrors {
  last: unknown;
}

interface LoggedError {
  code?: string;
  response?: string;
  serverResponseCode?: string;
  message?: string;
}

/** What the server answered, without the tag: `NO [OVERQUOTA] Quota exceeded (…)`. */
function serverAnswer(error: unknown): string {
  const e = (error ?? {}) as LoggedError;
  const text = (e.response || e.message || 'the server refused').trim();
  return text.replace(/^\S+\s+(?=(NO|BAD)\b)/i, '').replace(/\s*\([\d.+ ]+secs?\)\.?$/, '');
}

/** A move that did not happen: kept for the next fetch when the session is alive, thrown when it is not. */
function refused(
  client: ImapFlow,
  target: ImapTarget,
  errors: CommandErrors,
  uids: readonly number[],
  folder: string,
): MoveResult {
  const error = errors.last;
  errors.last = undefined;
  const code = (error as LoggedError | undefined)?.code ?? '';
  if (!client.usable || /NoConnection|EConnectionClosed|ECONNRESET|EPIPE|TIMEOUT/i.test(code)) {
    const lost = toImapError(error ?? new Error('connection closed'), target);
    throw new ImapError(
      'imap_connect',
      `${lost.message.replace(/\.$/, '')} while moving ${uids.length} newsletters to ${folder}; they stay where they are and are moved on the next fetch`,
      { cause: error },
    );
  }
  return { ok: false, reason: serverAnswer(error) };
}

const DAY = 86_400_000;

interface Fingerprint {
  uid: number;
  messageId: string | null;
  size: number;
  /** INTERNALDATE in ms; COPY keeps it (RFC 9051 §6.4.7). */
  date: number;
}

async function fingerprints(client: ImapFlow, uids: readonly number[]): Promise<Fingerprint[]> {
  if (uids.length === 0) return [];
  const query = { uid: true, envelope: true, size: true, internalDate: true };
  const rows = await client.fetchAll(uidSet(uids), query, { uid: true });
  return rows.map((m) => ({
    uid: m.uid,
    messageId: m.envelope?.messageId ?? null,
    size: m.size ?? 0,
    date: new Date(m.internalDate ?? 0).getTime(),
  }));
}

/**
 * The source UIDs whose copy is already in `folder` (same Message-ID, size and INTERNALDATE),
 * each copy claimed once. Leaves `folder` selected read-only; the caller selects back.
 */
async function alreadyCopied(
  client: ImapFlow,
  pending: readonly Fingerprint[],
  folder: string,
): Promise<number[]> {
  await client.mailboxOpen(folder, { readOnly: true });
  const claimed = new Set<number>();
  const found: number[] = [];
  for (const message of pending) {
    // No LARGER/SMALLER: Courier compares them with the Maildir file's size (LF line ends),
    // not RFC822.SIZE, and finds nothing. Sizes are compared below, as FETCH reports them.
    const query = message.messageId
      ? { header: { 'message-id': message.messageId } }
      : // Day boundaries are the server's time zone: look a day either side.
        { since: new Date(message.date - DAY), before: new Date(message.date + 2 * DAY) };
    const candidates = (await client.search(query, { uid: true })) || [];
    const copies = await fingerprints(client, candidates);
    const copy = copies.find(
      (c) =>
        !claimed.has(c.uid) &&
        c.messageId === message.messageId &&
        c.size === message.size &&
        c.date === message.date,
    );
    if (copy) {
      claimed.add(copy.uid);
      found.push(message.uid);
    }
  }
  return found;
}

/** COPY + UID EXPUNGE; on a retry, what already arrived in `folder` is only deleted. */
async function copyThenDelete(
  client: ImapFlow,
  target: ImapTarget,
  errors: CommandErrors,
  uids: readonly number[],
  folder: string,
  retry: boolean,
): Promise<MoveResult> {
  let present = [...uids];
  let arrived: number[] = [];
  if (retry) {
    const source = client.mailbox ? client.mailbox.path : null;
    present = ((await client.search({ uid: uidSet(uids) }, { uid: true })) || []).filter((uid) =>
      uids.includes(uid),
    );
    const pending = await fingerprints(client, present);
    arrived = pending.length ? await alreadyCopied(client, pending, folder) : [];
    if (source && pending.length) await client.mailboxOpen(source, { readOnly: false });
  }
  const toCopy = present.filter((uid) => !arrived.includes(uid));
  if (toCopy.length && !(await client.messageCopy(uidSet(toCopy), folder, { uid: true })))
    return refused(client, target, errors, uids, folder);
  const done = [...arrived, ...toCopy];
  if (done.length && !(await client.messageDelete(uidSet(done), { uid: true })))
    return refused(client, target, errors, uids, folder);
  return { ok: true };
}

/**
 * Moves messages of the selected folder to `folder`: UID MOVE, or copy-then-delete with
 * UIDPLUS. A NO is answered as `{ ok: false, reason }`; a lost connection throws `ImapError`.
 *
 * @example const result = await moveMessages(client, target, errors, [4, 5], 'Checkpoint', false)
 */
export async function moveMessages(
  client: ImapFlow,
  target: ImapTarget,
  errors: CommandErrors,
  uids: readonly number[],
  folder: string,
  retry: boolean,
): Promise<MoveResult> {
  if (uids.length === 0) return { ok: true };
  if (!canMoveSafely(client)) throw cannotMove(target);
  errors.last = undefined;
  if (!client.capabilities.has('MOVE'))
    return await copyThenDelete(client, target, errors, uids, folder, retry);
  // RFC 6851 §3.3: a MOVE either moves every message or none; moving twice finds nothing.
  if (await client.messageMove(uidSet(uids), folder, { uid: true })) return { ok: true };
  return refused(client, target, errors, uids, folder);
}

/** MOVE, or UIDPLUS for an expunge of just the copied UIDs. */
export function canMoveSafely(client: ImapFlow): boolean {
  return client.capabilities.has('MOVE') || client.capabilities.has('UIDPLUS');
}

/** Without MOVE or UIDPLUS a move ends in a plain EXPUNGE, which also deletes what the user flagged \Deleted. */
export function cannotMove(target: ImapTarget): ImapError {
  return new ImapError(
    'imap_protocol',
    `imap: ${target.host} supports neither MOVE nor UIDPLUS, so messages cannot be moved safely; turn moving off`,
  );
}
