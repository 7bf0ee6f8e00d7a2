/**
 * "Why is this here?" in every language: each part of a score carries a catalog key that both
 * catalogs know, the English catalog says what the CLI's `why` says, and the web UI rounds the
 * points.
 */
import { describe, expect, it } from 'vitest';
import { type RankInput, scoreItem } from '../../src/domain/ranking.ts';
import { en } from '../../src/http/ui/i18n/en.ts';
import { formatPoints, reasonText, translator } from '../../src/http/ui/i18n/index.ts';
import { nl } from '../../src/http/ui/i18n/nl.ts';

const now = Date.parse('2026-03-02T12:00:00Z');
const base: RankInput = {
  kind: 'article',
  priority: 3,
  receivedAt: now - 5 * 3_600_000,
  publishedAt: now - 5 * 3_600_000,
  sourceName: 'Harbour Town Journal',
  sourceWeight: 1,
  ruleBoosts: [],
  clusterSize: 1,
  opened: 0,
  dismissed: 0,
};

/** Inputs that between them produce every kind of part. */
const inputs: RankInput[] = [
  {
    ...base,
    sourceWeight: 2,
    ruleBoosts: [
      { name: 'Rust', amount: 15 },
      { name: 'Weather', amount: -10 },
    ],
    clusterSize: 3,
    priority: 5,
    opened: 4,
    dismissed: 1,
  },
  { ...base, receivedAt: now - 60_000, publishedAt: now - 60_000 },
  // A first subscription's backlog: its own date, not its arrival.
  ...[0.5, 20, 24 * 3, 24 * 70, 24 * 200, 24 * 365 * 3 + 24 * 10].map((hours) => ({
    ...base,
    receivedAt: now - 60_000,
    publishedAt: now - hours * 3_600_000 - 2 * 3_600_000,
  })),
  ...['mention', 'reply', 'message', 'notification', 'newsletter'].map((kind) => ({
    ...base,
    kind,
  })),
];
const parts = inputs.flatMap((input) => scoreItem(input, now).parts);

describe('reasons of a score', () => {
  it('every part has a key of both catalogs, and its parameters', () => {
    expect(new Set(parts.map((p) => p.part))).toEqual(
      new Set(['source', 'rules', 'recency', 'cluster', 'kind', 'priority', 'affinity']),
    );
    for (const part of parts) {
      expect(part.key in en, part.key).toBe(true);
      expect(part.key in nl, part.key).toBe(true);
      expect(typeof part.why).toBe('string');
      expect(part.params).toBeTypeOf('object');
    }
    expect(parts.find((p) => p.part === 'recency' && p.key === 'why.recent')?.params).toEqual({
      hours: 5,
    });
  });

  it('reads in English as the CLI says it, and in Dutch without English left', () => {
    const english = translator('en');
    const dutch = translator('nl');
    for (const part of parts) {
      // The catalog uses typographic quotes around rule names; the CLI plain ones.
      expect(reasonText(english, part).replace(/[“”]/g, '"'), part.key).toBe(part.why);
      expect(reasonText(dutch, part), part.key).not.toBe(part.why);
    }
    const dutchTexts = parts.map((p) => reasonText(dutch, p));
    expect(dutchTexts).toEqual(
      expect.arrayContaining([
        'je gaf Harbour Town Journal gewicht ×2',
        'regel “Rust” geeft het voorrang',
        'regel “Weather” zet het lager',
        '5 uur geleden binnengekomen',
        'binnen het uur binnengekomen',
        '3 bronnen brengen dit verhaal',
        'noemt jou',
        'prioriteit 5 van 5',
        'je opende er 4 en legde er 1 weg van Harbour Town Journal',
      ]),
    );
  });

  it('says how long ago a post was published, in the largest unit that fits', () => {
    const dutch = translator('nl');
    const recency = parts.filter((p) => p.key.startsWith('why.published'));
    expect(recency.map((p) => p.why)).toEqual([
      'published 3 h ago',
      'published 22 h ago',
      'published 3 days ago',
      'published 2 months ago',
      'published 7 months ago',
      'published 3 years ago',
    ]);
    expect(recency.map((p) => reasonText(dutch, p))).toEqual([
      '3 uur geleden gepubliceerd',
      '22 uur geleden gepubliceerd',
      '3 dagen geleden gepubliceerd',
      '2 maanden geleden gepubliceerd',
      '7 maanden geleden gepubliceerd',
      '3 jaar geleden gepubliceerd',
    ]);
  });

  it('falls back to the English text for parts stored before they had keys', () => {
    expect(reasonText(translator('nl'), { why: 'arrived 5 h ago' })).toBe('arrived 5 h ago');
  });

  it('shows whole points with a sign', () => {
    expect(formatPoints(16.6)).toBe('+17');
    expect(formatPoints(-4.5)).toBe('−4');
    expect(formatPoints(-5.5)).toBe('−5');
    expect(formatPoints(0.2)).toBe('0');
    expect(formatPoints(25)).toBe('+25');
  });
});
