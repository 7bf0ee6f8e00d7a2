/**
 * The imap kind: a mailbox folder read for newsletters. Its pull yields one batch per few
 * messages; refresh commits each with the folder state before the pull moves those messages.
 */
import { performance } from 'node:perf_hooks';
import { invalid } from '../../domain/errors.ts';
import {
  describeKind,
  type PullContext,
  type PullSource,
  type SourceKindSpec,
  type SourcePull,
} from '../kind.ts';
import {
  type ImapSourceState,
  imapConfigSchema,
  imapLogin,
  imapStateSchema,
  type StoredImapConfig,
} from './config.ts';
import { connectMailbox } from './connect.ts';
import { type SyncOptions, syncFolder } from './sync.ts';

/** Test hooks and limits of a pull; production uses the defaults. */
export interface ImapPullOptions {
  /** Stop starting new batches after this much work (default 3 min). */
  budgetMs?: number;
  batchSize?: number;
  afterCommit?: SyncOptions['afterCommit'];
}

const DAY = 86_400_000;

/**
 * Pulls an imap source: new newsletters of its folder are yielded batch by batch, each with
 * the state to commit alongside; the final state (with what the run did) is the outcome.
 * Failures throw; refresh records them on the source row. A move the server refused is no
 * failure (the newsletters are stored, the move is tried again): the outcome carries it as a
 * warning, so that a mailbox that stays over quota is not backed off and switched off.
 */
async function* pullImap(
  source: PullSource<StoredImapConfig, ImapSourceState>,
  context: PullContext,
  options: ImapPullOptions,
): SourcePull<ImapSourceState> {
  const { config, state } = source;
  const folders = { ...(state.folders ?? {}) };
  const warnings: string[] = [];
  const mailbox = await connectMailbox(imapLogin(config, context.secret), {
    allowNetworks: context.allowNetworks,
    now: context.now,
    onWarning: (warning) => warnings.push(warning),
  });
  const started = performance.now();
  const budget = options.budgetMs ?? 180_000;
  try {
    const sync = syncFolder(mailbox, folders[config.folder] ?? null, {
      folder: config.folder,
      moveTo: config.moveTo,
      markedSenders: config.senders,
      since: config.sinceDays > 0 ? new Date(context.now() - config.sinceDays * DAY) : null,
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      shouldStop: () => performance.now() - started > budget,
      ...(options.afterCommit ? { afterCommit: options.afterCommit } : {}),
    });
    let step = await sync.next();
    while (!step.done) {
      folders[config.folder] = step.value.state;
      yield { drafts: step.value.drafts, state: { ...state, folders: { ...folders } } };
      step = await sync.next();
    }
    const { state: final, moveError, ...counts } = step.value;
    folders[config.folder] = final;
    const notMoved = moveError ? final.pendingMove.length : 0;
    const done = { ...state, folders, lastRun: { ...counts, notMoved, moveError } };
    // The pending UIDs are kept in the state; the next fetch tries them again.
    if (moveError && config.moveTo) warnings.push(notMovedWarning(notMoved, config, moveError));
    const warning = warnings.length ? { warning: warnings.join('; ') } : {};
    return { status: 'items', drafts: [], state: done, ...warning };
  } finally {
    await mailbox.close();
  }
}

/** What the source's status says when the server refused to move stored newsletters. */
function notMovedWarning(count: number, config: StoredImapConfig, answer: string): string {
  return `imap: ${count} stored newsletters stay in ${config.folder}: ${config.host} refused to move them to ${config.moveTo} (${answer}); the move is tried again on the next fetch`;
}

/**
 * The imap kind with pull options (tests shrink batches or stop between commit and move).
 *
 * @example replaceSourceKind(imapSourceKind({ batchSize: 2 }))
 */
export function imapSourceKind(
  options: ImapPullOptions = {},
): SourceKindSpec<StoredImapConfig, ImapSourceState> {
  return {
    name: 'imap',
    config: imapConfigSchema,
    state: imapStateSchema,
    emptyState: {},
    brokenConfig: () =>
      invalid('imap: the stored mailbox settings are incomplete', 'error.imap.stored'),
    pull: (source, context) => pullImap(source, context, options),
    wouldPush: 'always',
    describe: describeKind('imap', 'Mailbox', 'mail'),
    sharing: 'per-user',
    apiConfig: imapConfigSchema.omit({ password: true }),
  };
}

/** The imap kind's spec. */
export const imapKind = imapSourceKind();
