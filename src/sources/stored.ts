/**
 * Reading a source row's stored `config` and `state` through its kind's schemas: every read
 * parses, none trusts the JSON's shape.
 */

import { readJson } from '../lib/json.ts';
import type { SourceKindSpec } from './kind.ts';

/** The JSON value of a stored text; text that is no JSON at all reads as `{}` (none stored). */
function json(text: string): unknown {
  const value = readJson(text);
  return value === undefined ? {} : value;
}

/**
 * A source's config, parsed by its kind's schema; throws the kind's `brokenConfig` error when
 * it does not parse (a damaged row is a clear error on that source, not a crash in the loop).
 *
 * @example const config = readConfig(mastodonKind, row.id, row.config);
 */
export function readConfig<C, S>(spec: SourceKindSpec<C, S>, sourceId: number, text: string): C {
  const result = spec.config.safeParse(json(text));
  if (!result.success) throw spec.brokenConfig(sourceId);
  return result.data;
}

/**
 * A source's state, parsed by its kind's schema; a state that does not parse is as good as
 * none (the next pull starts over; stable item ids keep that free of duplicates).
 *
 * @example const state = readState(imapKind, row.state);
 */
export function readState<C, S>(spec: SourceKindSpec<C, S>, text: string): S {
  const result = spec.state.safeParse(json(text));
  return result.success ? result.data : spec.emptyState;
}
