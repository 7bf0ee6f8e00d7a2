import { performance } from 'node:perf_hooks';
import type { SourceRow } from '../../db/schema.ts';
import { connectMailbox, type ImapLogin } from '../../sources/imap/connect.ts';
import { type FolderState, type SyncOptions, syncFolder } from '../../sources/imap/sync.ts';
import type { App } from '../app.ts';
import { ingestDrafts } from '../items/ingest.ts';
import type { PullOutcome } from '../sources/pullers.ts';
import { imapPassword, readImapConfig, type StoredImapConfig } from './mail-config.ts';

/** The `state` JSON of an imap source. */
export interface ImapSourceState {
  folders?: Record<string, FolderState>;
  /** What the last run did (shown by `source list --json` readers and the web page). */
  lastRun?: {
    scanned: number;
    matched: number;
    moved: number;
    complete: boolean;
    resynced: boolean;
  };
  [key: string]: unknown;
}

/** Test hooks and limits of one pull; production uses the defaults. */
export interface ImapPullOptions {
  /** Stop starting new batches after this much work (default 3 min, below the 5 min lease). */
  budgetMs?: number;
  batchSize?: number;
  afterCommit?: SyncOptions['afterCommit'];
}

const DAY = 86_400_000;

/** The login of a stored imap config (password decrypted). */
export function imapLogin(config: StoredImapConfig, secret: string): ImapLogin {
  return {
    host: config.host,
    port: config.port,
    tls: config.tls,
    user: config.user,
    password: imapPassword(config, secret),
  };
}

/**
 * Pulls an imap source: new newsletters of its folder are stored batch by batch, each batch
 * in one transaction with the folder state (see `syncFolder`). Returns the final state for
 * `refreshSource` to commit; failures throw and are recorded on the source row there.
 *
 * @example registerPuller('imap', (app, source, state) => pullImap(app, source, state));
 */
export async function pullImap(
  app: App,
  source: SourceRow,
  rawState: Record<string, unknown>,
  options: ImapPullOptions = {},
): Promise<PullOutcome> {
  const config = readImapConfig(source.config);
  const state = rawState as ImapSourceState;
  const folders = { ...(state.folders ?? {}) };
  const mailbox = await connectMailbox(imapLogin(config, app.config.secret), {
    allowNetworks: app.config.allowNetworks,
  });
  const started = performance.now();
  const budget = options.budgetMs ?? 180_000;
  const storedIds: number[] = [];
  try {
    const result = await syncFolder(
      mailbox,
      folders[config.folder] ?? null,
      {
        folder: config.folder,
        moveTo: config.moveTo,
        markedSenders: config.senders,
        since:
          config.sinceDays > 0
            ? new Date(app.clock.now().getTime() - config.sinceDays * DAY)
            : null,
        ...(options.batchSize ? { batchSize: options.batchSize } : {}),
        shouldStop: () => performance.now() - started > budget,
        ...(options.afterCommit ? { afterCommit: options.afterCommit } : {}),
      },
      async (drafts, folderState) => {
        folders[config.folder] = folderState;
        const next: ImapSourceState = { ...state, folders };
        const stored = await ingestDrafts(app, source, drafts, {
          sourcePatch: { state: JSON.stringify(next) },
        });
        storedIds.push(...stored.inserted);
        if (stored.inserted.length) {
          app.log.info(
            { source: source.id, inserted: stored.inserted.length },
            'imap batch stored',
          );
        }
      },
    );
    folders[config.folder] = result.state;
    const { state: _final, ...lastRun } = result;
    return {
      status: 'items',
      drafts: [],
      stored: storedIds,
      state: { ...state, folders, lastRun },
    };
  } finally {
    await mailbox.close();
  }
}
