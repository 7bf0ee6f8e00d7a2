/**
 * Every source kind's name (its spec's `describe.labelKey`) is in both catalogs, so that the
 * pages show a kind in the user's language and never its stored name.
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../src/http/ui/i18n/en.ts';
import { translator } from '../../src/http/ui/i18n/index.ts';
import { nl } from '../../src/http/ui/i18n/nl.ts';
import { kindLabel } from '../../src/http/ui/source-kind-label.ts';
import { sourceKinds } from '../../src/sources/registry.ts';

describe('source kind names', () => {
  it('every kind in the registry has its name in English and Dutch', () => {
    const keys = sourceKinds().map((spec) => spec.describe.labelKey);
    expect(keys.filter((key) => !(key in en))).toEqual([]);
    expect(keys.filter((key) => !(key in nl))).toEqual([]);
  });

  it('shows a kind by its label, and a kind the registry does not know as stored', () => {
    expect(kindLabel(translator('en'), 'smtp')).toBe('Own address');
    expect(kindLabel(translator('nl'), 'smtp')).toBe('Eigen adres');
    expect(kindLabel(translator('en'), 'feed')).toBe('Feed');
    expect(kindLabel(translator('en'), 'gopher')).toBe('gopher');
  });
});
