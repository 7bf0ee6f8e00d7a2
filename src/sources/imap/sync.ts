/**
 * Incremental, exact fetching of one IMAP folder. State per folder is UIDVALIDITY + the last
 * UID handled; every batch is yielded with the advanced state, and the caller commits the two
 * in one transaction before asking for the next, so a dropped connection resumes after the last
 * committed batch and nothing is stored twice. A changed UIDVALIDITY restarts from the beginning; stable
 * external ids (Message-ID) keep that resync free of duplicates.
 *
 * Only messages that look like newsletters are downloaded (headers first, BODY.PEEK, so no
 * message is ever marked \Seen); with `moveTo`, matched messages are moved after their batch
 * committed, and the UIDs still to move are part of the committed state.
 */
import type { ItemDraft } from '../../domain/types.ts';
import { DETECTION_HEADERS, newsletterReason } from '../mail/detect.ts';
import { decodeWords, firstField, parseHeaderBlock } from '../mail/headers.ts';
import { bareMessageId, messageExternalId, parseMessage } from '../mail/parse-message.ts';
import type { FetchedSource, MailboxClient } from './mailbox-client.ts';

/** What is remembered per folder between fetches. */
export interface FolderState {
  uidValidity: string;
  /** Every message up to this UID has been handled (stored, or skipped as not a newsletter). */
  lastUid: number;
  /** Stored but not yet moved (the move happens after the commit). */
  pendingMove: number[];
}

export interface SyncOptions {
  folder: string;
  /** Move matched messages here after storing them; null leaves them where they are. */
  moveTo: string | null;
  markedSenders: readonly string[];
  /** On a first sync (or a resync), only messages that arrived on or after this day. */
  since: Date | null;
  /** Messages parsed and committed per transaction (default 25). */
  batchSize?: number;
  /** Messages whose headers are fetched at once (default 500). */
  scanSize?: number;
  /** Longer messages are cut (default 10 MiB). */
  maxMessageBytes?: number;
  /** Asked between batches; true stops early and the next fetch goes on from there. */
  shouldStop?: () => boolean;
  /** Called after each committed batch, before its messages are moved. */
  afterCommit?: (info: { lastUid: number; stored: number }) => Promise<void> | void;
}

/** Drafts to store together with the folder state, in one transaction. */
export interface FolderBatch {
  drafts: ItemDraft[];
  state: FolderState;
}

export interface SyncResult {
  state: FolderState;
  scanned: number;
  matched: number;
  moved: number;
  /** False when `shouldStop` cut the run short. */
  complete: boolean;
  /** True when UIDVALIDITY had changed and the folder was read again from the start. */
  resynced: boolean;
  /** The server's answer when it refused a move (the UIDs stay in `state.pendingMove`). */
  moveError: string | null;
}

const chunks = <T>(list: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
};

/** A draft from the headers alone, for the rare message mailparser cannot read. */
function headerOnlyDraft(message: FetchedSource, folder: string): ItemDraft {
  const fields = parseHeaderBlock(message.source);
  const subject = firstField(fields, 'subject');
  const from = firstField(fields, 'from');
  return {
    externalId: messageExternalId(
      bareMessageId(firstField(fields, 'message-id')),
      fields,
      folder,
      '',
    ),
    kind: 'newsletter',
    url: null,
    title: subject ? decodeWords(subject) : null,
    author: from ? decodeWords(from) : null,
    contentHtml: null,
    summary: null,
    publishedAt: message.internalDate,
    baseUrl: null,
    extra: { unreadable: true },
  };
}

async function toDrafts(messages: FetchedSource[], options: SyncOptions): Promise<ItemDraft[]> {
  const drafts: ItemDraft[] = [];
  for (const message of messages) {
    try {
      const { draft } = await parseMessage(message.source, {
        folder: options.folder,
        receivedAt: message.internalDate,
        markedSenders: options.markedSenders,
      });
      drafts.push(draft);
    } catch {
      drafts.push(headerOnlyDraft(message, options.folder));
    }
  }
  return drafts;
}

/** One sync in progress: the folder state advances as batches commit. */
interface Run {
  client: MailboxClient;
  options: SyncOptions;
  state: FolderState;
  counts: { scanned: number; matched: number; moved: number };
  /** The server's answer to a move it refused; later batches of the run are not moved. */
  moveError: string | null;
}

/**
 * Moves what is pending (stored, not yet moved). Pending UIDs stay pending until the server
 * took them: a refusal is kept on the run and tried again on the next fetch, a lost
 * connection throws with the pending list already committed.
 */
async function moveNow(run: Run, uids: readonly number[], retry: boolean): Promise<void> {
  const { moveTo } = run.options;
  if (!moveTo || uids.length === 0 || run.moveError) return;
  const result = await run.client.move(uids, moveTo, { retry });
  if (!result.ok) {
    run.moveError = result.reason;
    return;
  }
  run.counts.moved += uids.length;
  const moved = new Set(uids);
  run.state = { ...run.state, pendingMove: run.state.pendingMove.filter((u) => !moved.has(u)) };
}

/** Moves what an earlier run stored but did not get to move (possibly half moved). */
async function* movePending(run: Run): AsyncGenerator<FolderBatch, void, void> {
  const { pendingMove } = run.state;
  if (pendingMove.length === 0) return;
  if (run.options.moveTo) await moveNow(run, pendingMove, true);
  // Moving was turned off since: nothing is pending any more.
  else run.state = { ...run.state, pendingMove: [] };
  yield { drafts: [], state: run.state };
}

/** Hands over one batch (committed with `lastUid`), then, once it is committed, moves it. */
async function* storeBatch(
  run: Run,
  batch: number[],
  lastUid: number,
): AsyncGenerator<FolderBatch, void, void> {
  const { client, options } = run;
  const messages = await client.fetchSources(batch, options.maxMessageBytes ?? 10 * 1024 * 1024);
  const drafts = await toDrafts(messages, options);
  const pendingMove = options.moveTo ? [...run.state.pendingMove, ...batch] : [];
  run.state = { ...run.state, lastUid, pendingMove };
  // The caller commits before resuming us: the move below never precedes the commit.
  yield { drafts, state: run.state };
  await options.afterCommit?.({ lastUid, stored: drafts.length });
  await moveNow(run, batch, false);
}

/** Reads the headers of a chunk of UIDs and stores the newsletters; false when told to stop. */
async function* scanChunk(run: Run, chunk: number[]): AsyncGenerator<FolderBatch, boolean, void> {
  const { client, options } = run;
  const headers = await client.fetchHeaders(chunk, DETECTION_HEADERS);
  const matched = headers
    .filter((m) => newsletterReason(parseHeaderBlock(m.headers), options.markedSenders))
    .map((m) => m.uid)
    .sort((a, b) => a - b);
  run.counts.scanned += chunk.length;
  run.counts.matched += matched.length;
  const chunkEnd = chunk.at(-1) ?? run.state.lastUid;
  const batches = chunks(matched, options.batchSize ?? 25);
  for (const [index, batch] of batches.entries()) {
    if (index > 0 && options.shouldStop?.()) return false;
    const last = index === batches.length - 1;
    yield* storeBatch(run, batch, last ? chunkEnd : (batch.at(-1) ?? run.state.lastUid));
  }
  if (run.state.lastUid < chunkEnd) {
    run.state = { ...run.state, lastUid: chunkEnd };
    yield { drafts: [], state: run.state };
  }
  return true;
}

/**
 * Brings one folder up to date, yielding each batch to be committed (with the folder state)
 * before it goes on; returns what the run did. Throws `ImapError` when the connection fails;
 * what was committed before stays committed.
 *
 * @example for await (const batch of syncFolder(mailbox, null, { folder: 'INBOX', moveTo: null, markedSenders: [], since: null })) await commit(batch)
 */
export async function* syncFolder(
  client: MailboxClient,
  previous: FolderState | null,
  options: SyncOptions,
): AsyncGenerator<FolderBatch, SyncResult, void> {
  const box = await client.open(options.folder, options.moveTo === null);
  const resynced = previous !== null && previous.uidValidity !== box.uidValidity;
  const state: FolderState =
    previous && !resynced
      ? { ...previous, pendingMove: previous.pendingMove ?? [] }
      : { uidValidity: box.uidValidity, lastUid: 0, pendingMove: [] };
  const counts = { scanned: 0, matched: 0, moved: 0 };
  const run: Run = { client, options, state, counts, moveError: null };
  // Refused before the folder is created: without MOVE or UIDPLUS nothing can be moved.
  if (options.moveTo) await client.ensureFolder(options.moveTo);
  yield* movePending(run);

  const uids = await client.searchUids({
    afterUid: run.state.lastUid,
    since: run.state.lastUid === 0 ? options.since : null,
  });
  for (const chunk of chunks(uids, options.scanSize ?? 500)) {
    const going = !options.shouldStop?.() && (yield* scanChunk(run, chunk));
    if (!going)
      return {
        ...run.counts,
        state: run.state,
        complete: false,
        resynced,
        moveError: run.moveError,
      };
  }
  // Everything below UIDNEXT has now been seen (or lies before `since`). Without UIDNEXT
  // (Courier) the highest UID scanned is the position: NaN here would be stored as null and
  // every later fetch would read the whole folder again.
  const lastUid =
    box.uidNext === null ? run.state.lastUid : Math.max(run.state.lastUid, box.uidNext - 1);
  const final = { ...run.state, lastUid };
  return { ...run.counts, state: final, complete: true, resynced, moveError: run.moveError };
}
