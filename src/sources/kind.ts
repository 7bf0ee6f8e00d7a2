/**
 * What a source kind is (DESIGN.md "A kind is one package"): its stored shapes, how it is
 * pulled, its would-push default and what the UI, API and CLI say about it. Each kind exports
 * one `SourceKindSpec` from its folder; `registry.ts` lists them.
 */
import { z } from 'zod';
import { CheckpointError } from '../domain/errors.ts';
import type { ItemDraft, SourceKind } from '../domain/types.ts';
import type { WouldPushDefault } from '../domain/would-push.ts';
import type { Logger } from '../lib/logger.ts';
import type { SafeFetcher } from '../lib/net/safe-fetch.ts';

/** Changes to the source row a pull asks for (a permanent redirect's URL, the site's URL). */
export interface PullPatch {
  url?: string;
  name?: string;
  site_url?: string | null;
}

/**
 * One batch a pull hands over before it ends (IMAP): refresh stores the drafts and the state
 * in one transaction before asking for the next batch, so what comes after a `yield` (moving
 * the messages) happens only once the batch is committed.
 */
export interface PullBatch<S = unknown> {
  drafts: ItemDraft[];
  state: S;
}

/** How a pull ended; returned by the pull, stored by refresh. Network failures are thrown. */
export type PullOutcome<S = unknown> =
  | {
      status: 'items';
      /** The last drafts, stored with the final state and the source's health in one commit. */
      drafts: ItemDraft[];
      state: S;
      patch?: PullPatch;
      /**
       * Stored, but something is worth telling the user (a move the server refused, a pinned
       * certificate that expired): shown in the source's status, yet no failure, so no back-off
       * and no switching off.
       */
      warning?: string;
    }
  | { status: 'not_modified'; state: S; patch?: { url?: string } }
  | { status: 'gone'; reason: string }
  | { status: 'retry_later'; retryAt: number | null; reason: string }
  | { status: 'error'; reason: string };

/** A pull: batches committed as they come, then the outcome as the generator's return value. */
export type SourcePull<S = unknown> = AsyncGenerator<PullBatch<S>, PullOutcome<S>, void>;

/** The source being pulled, its config and state already parsed by the kind's schemas. */
export interface PullSource<C, S> {
  id: number;
  name: string;
  url: string | null;
  siteUrl: string | null;
  config: C;
  state: S;
}

/**
 * What a pull may use. Sources import no services and no database: what needs storage is a
 * callback here (a renewed OAuth session is stored at once, before the pull goes on).
 */
export interface PullContext {
  fetcher: SafeFetcher;
  /** Epoch ms, from the app's clock (tests set it). */
  now(): number;
  /** CHECKPOINT_SECRET, to open the encrypted credentials of the config. */
  secret: string;
  /** CIDRs the SSRF guard lets through (IMAP connects without the fetcher). */
  allowNetworks: readonly string[];
  log: Logger;
  /** Stores a new config of the source at once (encrypted secrets in it already sealed). */
  saveConfig(config: unknown): Promise<void>;
}

/** What the web pages, the API and the CLI say about a kind. */
export interface SourceKindDescription {
  /** i18n key of the kind's name (`source.kind.<name>`). */
  labelKey: string;
  /** The kind's name where no translation is at hand (CLI, logs). */
  label: string;
  /** Icon (or platform letter-mark) the pages show for it. */
  icon: string;
  /** Whether the sources page offers to add one by itself (others come from their own pages). */
  addable: boolean;
  /** Pushed to us (intake, own address, import) rather than fetched by Checkpoint. */
  pushed: boolean;
}

/** One source kind. `C` and `S` are its stored config and state. */
export interface SourceKindSpec<C = unknown, S = unknown> {
  name: SourceKind;
  /** The stored `config` JSON, parsed on every read. */
  config: z.ZodType<C>;
  /** The stored `state` JSON, parsed on every read. */
  state: z.ZodType<S>;
  /** The state of a source that has none (or whose stored state no longer parses). */
  emptyState: S;
  /** The error a source whose config does not parse is recorded with. */
  brokenConfig(sourceId: number): Error;
  /** How Checkpoint pulls it; push kinds (intake, own address, import) have none. */
  pull?: (source: PullSource<C, S>, context: PullContext) => SourcePull<S>;
  /** DESIGN.md would-push default of its items (the user may override it per source). */
  wouldPush: WouldPushDefault;
  describe: SourceKindDescription;
  /**
   * `shared`: fetched once for all its readers (public feeds, a later issue); `per-user`: each
   * user's own. Today every kind behaves per user; this declares what each may become.
   */
  sharing: 'per-user' | 'shared';
  /** The API schema of its config fields as clients see them (no secrets); absent: none. */
  apiConfig?: z.ZodType;
}

/** A spec whose config and state types are forgotten, as the registry holds them. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds kinds of every shape.
export type AnySourceKindSpec = SourceKindSpec<any, any>;

/**
 * A pull that yields no batches and ends with one outcome (feeds, social accounts: one answer,
 * one commit).
 *
 * @example pull: (source, context) => pullOnce(() => fetchIt(source, context))
 */
// biome-ignore lint/correctness/useYield: the outcome is the generator's return value.
export async function* pullOnce<S>(run: () => Promise<PullOutcome<S>>): SourcePull<S> {
  return await run();
}

/**
 * A pull of one request and one commit (feeds, social accounts): `poll` answers the outcome.
 *
 * @example pull: polled(async (source, context) => ({ status: 'not_modified', state: source.state }))
 */
export function polled<C, S>(
  poll: (source: PullSource<C, S>, context: PullContext) => Promise<PullOutcome<S>>,
): (source: PullSource<C, S>, context: PullContext) => SourcePull<S> {
  return (source, context) => pullOnce(() => poll(source, context));
}

/**
 * A kind's description; its i18n key follows its name.
 *
 * @example describeKind('feed', 'Feed', 'rss', { addable: true })
 */
export function describeKind(
  name: SourceKind,
  label: string,
  icon: string,
  flags: { addable?: boolean; pushed?: boolean } = {},
): SourceKindDescription {
  return {
    labelKey: `source.kind.${name}`,
    label,
    icon,
    addable: flags.addable ?? false,
    pushed: flags.pushed ?? false,
  };
}

/** The error of a source whose stored config does not parse, for kinds with no better words. */
export function brokenConfigError(name: SourceKind, sourceId: number): Error {
  return new CheckpointError('invalid_config', `${name}: source ${sourceId} has a broken config`);
}

/**
 * A kind Checkpoint does not pull: its items are pushed in (intake, own address) or imported.
 * It keeps no state; its config is all the API shows of it.
 *
 * @example export const smtpKind = pushedKind({ name: 'smtp', config, label: 'Own address', icon: 'mail', wouldPush: 'always' });
 */
export function pushedKind<C>(spec: {
  name: SourceKind;
  config: z.ZodType<C>;
  label: string;
  icon: string;
  wouldPush: WouldPushDefault;
}): SourceKindSpec<C, Record<string, unknown>> {
  return {
    name: spec.name,
    config: spec.config,
    state: z.looseObject({}),
    emptyState: {},
    brokenConfig: (id) => brokenConfigError(spec.name, id),
    wouldPush: spec.wouldPush,
    describe: describeKind(spec.name, spec.label, spec.icon, { pushed: true }),
    sharing: 'per-user',
    apiConfig: spec.config,
  };
}
