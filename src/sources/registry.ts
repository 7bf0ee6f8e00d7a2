/**
 * The source kinds, one line each. Refresh, would-push, the fetch cycle and the API read this
 * list instead of switching on the kind. Typed by `SourceKind`, so a kind added to the domain
 * without a spec here (or the other way round) does not compile.
 */

import type { ItemKind, ItemOrigin, SourceKind } from '../domain/types.ts';
import { defaultWouldPush } from '../domain/would-push.ts';
import { blueskyKind } from './bluesky/spec.ts';
import { feedKind } from './feed/spec.ts';
import { imapKind } from './imap/spec.ts';
import { importKind } from './imports/spec.ts';
import type { AnySourceKindSpec } from './kind.ts';
import { mastodonKind } from './mastodon/spec.ts';
import { gotifyKind, ntfyKind, pushoverKind, webhookKind } from './push/spec.ts';
import { smtpKind } from './smtp/spec.ts';

const KINDS: { [K in SourceKind]: AnySourceKindSpec } = {
  feed: feedKind,
  imap: imapKind,
  smtp: smtpKind,
  mastodon: mastodonKind,
  bluesky: blueskyKind,
  ntfy: ntfyKind,
  gotify: gotifyKind,
  pushover: pushoverKind,
  webhook: webhookKind,
  import: importKind,
};

/** Every kind's spec, in the order above. */
export function sourceKinds(): AnySourceKindSpec[] {
  return Object.values(KINDS);
}

/** The names of all kinds. */
export function sourceKindNames(): SourceKind[] {
  return Object.keys(KINDS) as SourceKind[];
}

/**
 * The spec of a kind, or undefined for a name that is none (an old row, a typo).
 *
 * @example sourceKind('feed')?.wouldPush // 'never'
 */
export function sourceKind(name: string): AnySourceKindSpec | undefined {
  return Object.hasOwn(KINDS, name) ? KINDS[name as SourceKind] : undefined;
}

/** The kinds Checkpoint pulls itself (those with a `pull`). */
export function pulledKinds(): SourceKind[] {
  return sourceKinds()
    .filter((spec) => spec.pull !== undefined)
    .map((spec) => spec.name);
}

/**
 * Swaps a kind's spec (tests: IMAP with small batches) and returns a function that undoes it.
 *
 * @example const undo = replaceSourceKind(imapSourceKind({ batchSize: 2 })); … undo();
 */
export function replaceSourceKind(spec: AnySourceKindSpec): () => void {
  const before = KINDS[spec.name];
  KINDS[spec.name] = spec;
  return () => {
    KINDS[spec.name] = before;
  };
}

/**
 * Whether an item would have interrupted the user had Checkpoint not held it: the source's
 * own setting (`override`) when not null, otherwise its kind's default (DESIGN.md "would-push
 * defaults"; see `defaultWouldPush` for the Mastodon/Bluesky origin rule). Unknown kinds: no.
 *
 * @example wouldPush('mastodon', 'reply', null, 'timeline') // false
 * @example wouldPush('mastodon', 'reply', null, 'notification') // true
 */
export function wouldPush(
  sourceKind: SourceKind | string,
  itemKind: ItemKind | string,
  override: boolean | null,
  origin: ItemOrigin | null = null,
): boolean {
  if (override !== null) return override;
  const spec = Object.hasOwn(KINDS, sourceKind) ? KINDS[sourceKind as SourceKind] : undefined;
  return defaultWouldPush(spec?.wouldPush ?? 'never', itemKind, origin);
}
