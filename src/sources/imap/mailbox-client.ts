/** The few mailbox operations the sync needs; `connect.ts` implements them over imapflow. */
export interface MailboxClient {
  /** Opens a folder; read-only (EXAMINE) unless messages are to be moved. */
  open(folder: string, readOnly: boolean): Promise<OpenedFolder>;
  /** UIDs above `afterUid`, or (with `since`) arrived on or after that day; ascending. */
  searchUids(query: { afterUid: number; since: Date | null }): Promise<number[]>;
  /** The named header fields of messages (BODY.PEEK[HEADER.FIELDS], never sets \Seen). */
  fetchHeaders(uids: readonly number[], fields: readonly string[]): Promise<FetchedHeaders[]>;
  /** Whole messages (BODY.PEEK[], never sets \Seen), cut at `maxBytes`. */
  fetchSources(uids: readonly number[], maxBytes: number): Promise<FetchedSource[]>;
  /**
   * Moves messages (UID MOVE, or COPY + EXPUNGE of just those UIDs); never deletes. A refusal
   * (NO) is answered, a lost connection throws. With `retry` (UIDs an earlier run may have
   * half moved), copies already in `folder` are not made again.
   */
  move(uids: readonly number[], folder: string, options?: { retry?: boolean }): Promise<MoveResult>;
  /** False when the server has neither MOVE nor UIDPLUS: moving would risk other mail. */
  canMove(): boolean;
  /** Creates the folder when it is missing (`Newsletters` is `INBOX.Newsletters` under an `INBOX.` namespace). */
  ensureFolder(folder: string): Promise<void>;
  /** The hierarchy separator of the personal namespace (`.` or `/`), null when the server names none. */
  separator(): string | null;
  /** Every folder path, for "no such folder" messages and the connection test. */
  folders(): Promise<string[]>;
  close(): Promise<void>;
}

/** How a move went: done, or refused by the server with its answer (`NO [OVERQUOTA] …`). */
export type MoveResult = { ok: true } | { ok: false; reason: string };

export interface OpenedFolder {
  /** UIDVALIDITY as a decimal string (it is a 32-bit unsigned number). */
  uidValidity: string;
  /** Null when SELECT answered no UIDNEXT (Courier): the highest UID seen stands in for it. */
  uidNext: number | null;
  exists: number;
}

export interface FetchedHeaders {
  uid: number;
  headers: Uint8Array;
  size: number;
  internalDate: Date | null;
}

export interface FetchedSource {
  uid: number;
  source: Uint8Array;
  internalDate: Date | null;
}

/**
 * Compresses UIDs into an IMAP sequence set: `[1,2,3,7,9,10]` → `1:3,7,9:10`.
 *
 * @example uidSet([5, 1, 2]) // '1:2,5'
 */
export function uidSet(uids: readonly number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const ranges: string[] = [];
  let start = sorted[0];
  let prev = start;
  for (const uid of sorted.slice(1)) {
    if (prev !== undefined && uid === prev + 1) {
      prev = uid;
      continue;
    }
    ranges.push(start === prev ? `${start}` : `${start}:${prev}`);
    start = uid;
    prev = uid;
  }
  if (start !== undefined) ranges.push(start === prev ? `${start}` : `${start}:${prev}`);
  return ranges.join(',');
}
