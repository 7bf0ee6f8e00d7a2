import { sourceKind } from '../../sources/registry.ts';
import { en, type MessageKey } from './i18n/en.ts';
import type { Translate } from './i18n/index.ts';

/**
 * The name of a source kind in the user's language, from its spec's `labelKey`; a kind the
 * registry does not know (an old row) shows as stored.
 *
 * @example kindLabel(translator('nl'), 'smtp') // 'Eigen adres'
 */
export function kindLabel(t: Translate, kind: string): string {
  const key = sourceKind(kind)?.describe.labelKey;
  return key !== undefined && key in en ? t(key as MessageKey) : kind;
}
